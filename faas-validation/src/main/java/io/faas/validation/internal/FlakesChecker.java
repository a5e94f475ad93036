package io.faas.validation.internal;

import io.faas.api.Diagnostic.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds what pyflakes 2.5.0 finds in a parsed module, with its messages, positions and order.
 *
 * <p>pyflakes' observable behaviour depends on the order it visits nodes (module body first,
 * function bodies deferred to the end, unused names reported when scopes die), so this class keeps
 * the same phases; the code is our own. One instance checks one module, on one thread.
 */
final class FlakesChecker {

    enum BindingKind {
        BUILTIN, IMPORT, SUBMODULE, FROM, STAR, FUTURE, ARGUMENT, ASSIGNMENT, NAMED_EXPR, ANNOTATION,
        FUNCTION, CLASS, EXPORT, PLAIN;

        boolean isImport() {
            return this == IMPORT || this == SUBMODULE || this == FROM || this == STAR || this == FUTURE;
        }

        boolean isDefinition() {
            return isImport() || this == BUILTIN || this == FUNCTION || this == CLASS;
        }
    }

    /** Where a name was last used: truthy when non-null. */
    record Use(Scope scope, PyNode node) {
    }

    static final class Binding {
        final BindingKind kind;
        final String name;
        final PyNode source;
        Use used;
        String fullName;
        String module;
        String realName;
        List<PyNode> redefined;
        List<String> exportNames;

        Binding(BindingKind kind, String name, PyNode source) {
            this.kind = kind;
            this.name = name;
            this.source = source;
        }

        boolean hasAlias() {
            String last = fullName.substring(fullName.lastIndexOf('.') + 1);
            return !last.equals(name);
        }

        /** How pyflakes names an import in "imported but unused". */
        String display() {
            return switch (kind) {
                case IMPORT -> hasAlias() ? fullName + " as " + name : fullName;
                case SUBMODULE -> fullName;
                case FROM, FUTURE -> realName.equals(name) ? fullName : fullName + " as " + name;
                case STAR -> fullName.endsWith(".") ? "from " + fullName + " import *" : name;
                default -> name;
            };
        }

        boolean redefines(Binding other) {
            if (kind == BindingKind.ANNOTATION) {
                return false;
            }
            if (kind == BindingKind.SUBMODULE && other.kind.isImport()) {
                return fullName.equals(other.fullName);
            }
            if (kind.isImport() && other.kind == BindingKind.SUBMODULE) {
                return fullName.equals(other.fullName);
            }
            return other.kind.isDefinition() && name.equals(other.name);
        }
    }

    enum ScopeKind { MODULE, CLASS, FUNCTION, GENERATOR }

    static final class Scope extends LinkedHashMap<String, Binding> {
        private static final long serialVersionUID = 1L;
        final ScopeKind kind;
        boolean importStarred;
        boolean usesLocals;
        final Set<String> globals;
        boolean futuresAllowed = true;
        boolean annotationsFuture;

        Scope(ScopeKind kind) {
            this.kind = kind;
            this.globals = kind == ScopeKind.FUNCTION
                    ? new HashSet<>(Set.of("__tracebackhide__", "__traceback_info__", "__traceback_supplement__"))
                    : Set.of();
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private record Deferred(Runnable task, List<Scope> stack) {
    }

    private static final int ANN_NONE = 0;
    private static final int ANN_STRING = 1;
    private static final int ANN_BARE = 2;

    private static final Set<String> TYPING_MODULES = Set.of("typing", "typing_extensions");
    private static final Set<String> CLASS_MAGIC = Set.of("__module__", "__qualname__");

    private final String fileBaseName;
    private final Function<String, PyNode> annotationParser;
    private final List<TypeComments.Comment> typeCommentList;
    private final java.util.Map<PyNode, List<TypeComments.Comment>> typeComments = new java.util.IdentityHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private List<Scope> stack = new ArrayList<>();
    private final List<Scope> deadScopes = new ArrayList<>();
    private final List<Deferred> deferredFunctions = new ArrayList<>();
    private final List<Deferred> deferredAssignments = new ArrayList<>();
    private final List<List<String>> exceptHandlers = new ArrayList<>();
    private PyNode root;
    private int nodeDepth;
    private int annotationState = ANN_NONE;
    private boolean inDeferred;
    private boolean inFString;

    /**
     * @param fileName         used only for pyflakes' {@code __init__.py} special cases
     * @param annotationParser parses a string annotation into a Module node, or returns null on a syntax error
     */
    FlakesChecker(String fileName, Function<String, PyNode> annotationParser, List<TypeComments.Comment> comments) {
        this.typeCommentList = comments;
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        this.fileBaseName = fileName.substring(slash + 1);
        this.annotationParser = annotationParser;
    }

    /** Checks a parsed Module and returns the findings, sorted by line like pyflakes does. */
    List<Finding> check(PyNode module) {
        root = module;
        Scope moduleScope = new Scope(ScopeKind.MODULE);
        stack.add(moduleScope);
        exceptHandlers.add(List.of());
        for (String b : PythonNames.BUILTINS) {
            moduleScope.put(b, new Binding(BindingKind.BUILTIN, b, null));
        }
        if (!typeCommentList.isEmpty()) {
            assignTypeComments(module);
        }
        handleChildren(module, null);
        inDeferred = true;
        runDeferred(deferredFunctions);
        runDeferred(deferredAssignments);
        while (stack.size() > 1) {
            stack.remove(stack.size() - 1);
        }
        popScope();
        checkDeadScopes();
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt(Finding::line));
        return sorted;
    }

    // ---------------------------------------------------------------- reporting

    private void report(PyNode at, String kind, Severity severity, String text) {
        findings.add(new Finding(at.line, at.col + 1, kind, text, severity));
    }

    private static String r(String name) {
        return PyRepr.str(name);
    }

    // ---------------------------------------------------------------- scopes and deferral

    private Scope scope() {
        return stack.get(stack.size() - 1);
    }

    private void pushScope(ScopeKind kind) {
        stack.add(new Scope(kind));
    }

    private void popScope() {
        deadScopes.add(stack.remove(stack.size() - 1));
    }

    private void deferFunction(Runnable task) {
        deferredFunctions.add(new Deferred(task, new ArrayList<>(stack)));
    }

    private void deferAssignment(Runnable task) {
        deferredAssignments.add(new Deferred(task, new ArrayList<>(stack)));
    }

    private void runDeferred(List<Deferred> tasks) {
        for (int i = 0; i < tasks.size(); i++) {
            Deferred d = tasks.get(i);
            stack = new ArrayList<>(d.stack());
            d.task().run();
        }
    }

    private boolean futuresAllowed() {
        return stack.size() == 1 && stack.get(0).kind == ScopeKind.MODULE && stack.get(0).futuresAllowed;
    }

    private void disallowFutures() {
        if (scope().kind == ScopeKind.MODULE) {
            scope().futuresAllowed = false;
        }
    }

    private boolean annotationsFuture() {
        return stack.get(0).annotationsFuture;
    }

    private boolean inPostponedAnnotation() {
        return annotationState == ANN_STRING || annotationsFuture();
    }

    // ---------------------------------------------------------------- tree helpers

    /** The nearest ancestor that is not a Tuple, List, Set, Starred, Name, Attribute or Subscript. */
    private static PyNode parentStatement(PyNode node) {
        PyNode n = node.parent;
        while (n != null && (n.hasElts() || n.hasCtx())) {
            n = n.parent;
        }
        return n;
    }

    private PyNode commonAncestor(PyNode l, PyNode r, PyNode stop) {
        while (true) {
            if (l == stop || r == stop || l == null || r == null || !l.visited || !r.visited) {
                return null;
            }
            if (l == r) {
                return l;
            }
            if (l.depth > r.depth) {
                l = l.parent;
            } else if (l.depth < r.depth) {
                r = r.parent;
            } else {
                l = l.parent;
                r = r.parent;
            }
        }
    }

    private boolean descendantOf(PyNode node, List<PyNode> ancestors, PyNode stop) {
        for (PyNode a : ancestors) {
            if (commonAncestor(node, a, stop) != null) {
                return true;
            }
        }
        return false;
    }

    private boolean differentForks(PyNode l, PyNode r) {
        PyNode ancestor = commonAncestor(l, r, root);
        if (ancestor == null) {
            return false;
        }
        List<List<PyNode>> parts = new ArrayList<>();
        if (ancestor.is("If")) {
            parts.add(ancestor.list("body"));
        } else if (ancestor.is("Try")) {
            List<PyNode> first = new ArrayList<>(ancestor.list("body"));
            first.addAll(ancestor.list("orelse"));
            parts.add(first);
            for (PyNode h : ancestor.list("handlers")) {
                parts.add(List.of(h));
            }
        }
        for (List<PyNode> items : parts) {
            if (descendantOf(l, items, ancestor) ^ descendantOf(r, items, ancestor)) {
                return true;
            }
        }
        return false;
    }

    private PyNode scopeNodeOf(PyNode node) {
        PyNode n = node;
        while (n != root && n != null) {
            n = parentStatement(n);
            if (n == null) {
                return null;
            }
            switch (n.type) {
                case "Module", "ClassDef", "FunctionDef", "AsyncFunctionDef", "Lambda", "ListComp", "SetComp",
                     "GeneratorExp", "DictComp" -> {
                    return n;
                }
                default -> {
                }
            }
        }
        return null;
    }

    private static String nodeName(PyNode node) {
        if (node == null) {
            return null;
        }
        if (node.has("id")) {
            return node.str("id");
        }
        if (node.has("name") && !node.is("TypeAlias")) {
            Object v = node.get("name");
            return v instanceof String s ? s : null;
        }
        if (node.has("rest")) {
            return node.str("rest");
        }
        return null;
    }

    private static boolean isDocstring(PyNode node) {
        return node.isStr() || (node.is("Expr") && node.node("value") != null && node.node("value").isStr());
    }

    private static boolean isNameOrAttr(PyNode node, String name) {
        return (node.is("Name") && name.equals(node.str("id")))
                || (node.is("Attribute") && name.equals(node.str("attr")));
    }

    private Binding lookup(String name) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            Binding b = stack.get(i).get(name);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    private boolean isTyping(PyNode node, String attr) {
        if (node.is("Name")) {
            Binding b = lookup(node.str("id"));
            return b != null && (b.kind == BindingKind.FROM || b.kind == BindingKind.FUTURE)
                    && TYPING_MODULES.contains(b.module) && (attr == null || attr.equals(b.realName));
        }
        if (node.is("Attribute") && node.node("value").is("Name")) {
            Binding b = lookup(node.node("value").str("id"));
            return b != null && b.kind.isImport() && TYPING_MODULES.contains(b.fullName)
                    && (attr == null || attr.equals(node.str("attr")));
        }
        return false;
    }

    private boolean isTypingOverload(Binding existing) {
        if (existing.source == null || !existing.source.isFunction()) {
            return false;
        }
        for (PyNode deco : existing.source.list("decorator_list")) {
            if (isTyping(deco, "overload")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- walking

    private void handleNode(PyNode node, PyNode parent) {
        if (node == null) {
            return;
        }
        if (futuresAllowed() && !(node.is("ImportFrom") || isDocstring(node))) {
            disallowFutures();
        }
        nodeDepth++;
        node.depth = nodeDepth;
        node.parent = parent;
        node.visited = true;
        try {
            dispatch(node);
        } finally {
            nodeDepth--;
        }
    }

    private void handleChildren(PyNode node, Set<String> omit) {
        if (!typeComments.isEmpty()) {
            handleTypeComments(node);
        }
        if (node.shape == null) {
            return;
        }
        AstSchema.Field[] fields = node.shape.fields;
        for (int idx : node.shape.walkOrder) {
            AstSchema.Field f = fields[idx];
            if (omit != null && omit.contains(f.name())) {
                continue;
            }
            if (f.kind() == AstSchema.Kind.NODE) {
                handleNode((PyNode) node.values[idx], node);
            } else if (f.kind() == AstSchema.Kind.LIST) {
                @SuppressWarnings("unchecked")
                List<PyNode> list = (List<PyNode>) node.values[idx];
                for (PyNode child : list) {
                    if (child != null) {
                        handleNode(child, node);
                    }
                }
            }
        }
    }

    private void handleChildren(PyNode node) {
        handleChildren(node, null);
    }

    private void dispatch(PyNode node) {
        switch (node.type) {
            case "Pass" -> {
            }
            case "Subscript" -> subscript(node);
            case "Call" -> call(node);
            case "BinOp" -> binOp(node);
            case "Constant" -> constant(node);
            case "Raise" -> raise(node);
            case "JoinedStr" -> joinedStr(node);
            case "Dict" -> dict(node);
            case "If", "IfExp" -> {
                PyNode test = node.node("test");
                if (test.is("Tuple") && !test.list("elts").isEmpty()) {
                    report(node, "IfTuple", Severity.WARNING,
                            "'if tuple literal' is always true, perhaps remove accidental comma?");
                }
                handleChildren(node);
            }
            case "Assert" -> {
                PyNode test = node.node("test");
                if (test.is("Tuple") && !test.list("elts").isEmpty()) {
                    report(node, "AssertTuple", Severity.WARNING,
                            "assertion is always true, perhaps remove parentheses?");
                }
                handleChildren(node);
            }
            case "Global", "Nonlocal" -> global(node);
            case "GeneratorExp", "ListComp", "DictComp", "SetComp" -> {
                pushScope(ScopeKind.GENERATOR);
                handleChildren(node);
                popScope();
            }
            case "Name" -> name(node);
            case "Continue", "Break" -> continueOrBreak(node);
            case "Return" -> {
                ScopeKind k = scope().kind;
                if (k == ScopeKind.CLASS || k == ScopeKind.MODULE) {
                    report(node, "ReturnOutsideFunction", Severity.ERROR, "'return' outside function");
                    return;
                }
                handleNode(node.node("value"), node);
            }
            case "Yield", "YieldFrom", "Await" -> {
                ScopeKind k = scope().kind;
                if (k == ScopeKind.CLASS || k == ScopeKind.MODULE) {
                    report(node, "YieldOutsideFunction", Severity.ERROR, "'yield' outside function");
                    return;
                }
                handleNode(node.node("value"), node);
            }
            case "FunctionDef", "AsyncFunctionDef" -> {
                for (PyNode deco : node.list("decorator_list")) {
                    handleNode(deco, node);
                }
                lambda(node);
                addBinding(node, new Binding(BindingKind.FUNCTION, node.str("name"), node));
            }
            case "Lambda" -> lambda(node);
            case "arguments" -> handleChildren(node, Set.of("defaults", "kw_defaults"));
            case "arg" -> addBinding(node, new Binding(BindingKind.ARGUMENT, node.str("arg"), scopeNodeOf(node)));
            case "ClassDef" -> classDef(node);
            case "AugAssign" -> {
                handleNodeLoad(node.node("target"));
                handleNode(node.node("value"), node);
                handleNode(node.node("target"), node);
            }
            case "Tuple", "List" -> tuple(node);
            case "Import" -> importStatement(node);
            case "ImportFrom" -> importFrom(node);
            case "Try", "TryStar" -> tryStatement(node);
            case "ExceptHandler" -> exceptHandler(node);
            case "AnnAssign" -> annAssign(node);
            case "Compare" -> compare(node);
            case "MatchAs", "MatchMapping", "MatchStar" -> {
                handleNodeStore(node);
                handleChildren(node);
            }
            default -> handleChildren(node);
        }
    }

    // ---------------------------------------------------------------- names

    private void name(PyNode node) {
        String ctx = node.ctx();
        if ("Load".equals(ctx)) {
            handleNodeLoad(node);
            if ("locals".equals(node.str("id")) && scope().kind == ScopeKind.FUNCTION
                    && node.parent != null && node.parent.is("Call")) {
                scope().usesLocals = true;
            }
        } else if ("Store".equals(ctx)) {
            handleNodeStore(node);
        } else if ("Del".equals(ctx)) {
            handleNodeDelete(node);
        }
    }

    private void handleNodeLoad(PyNode node) {
        String name = nodeName(node);
        if (name == null) {
            return;
        }
        Boolean inGenerators = null;
        boolean importStarred = false;
        for (int i = stack.size() - 1; i >= 0; i--) {
            Scope scope = stack.get(i);
            if (scope.kind == ScopeKind.CLASS) {
                if (name.equals("__class__")) {
                    return;
                } else if (Boolean.FALSE.equals(inGenerators)) {
                    continue;
                }
            }
            Binding binding = scope.get(name);
            if (binding != null && binding.kind == BindingKind.ANNOTATION && !inPostponedAnnotation()) {
                continue;
            }
            if (name.equals("print") && binding != null && binding.kind == BindingKind.BUILTIN) {
                PyNode parent = node.visited ? parentStatement(node) : null;
                if (parent != null && parent.is("BinOp") && "RShift".equals(parent.get("op"))) {
                    report(node, "InvalidPrintSyntax", Severity.WARNING, "use of >> is invalid with print function");
                }
            }
            if (binding != null) {
                binding.used = new Use(scope(), node);
                if (binding.kind.isImport() && binding.hasAlias()) {
                    Binding full = scope.get(binding.fullName);
                    if (full != null) {
                        full.used = new Use(scope(), node);
                    }
                }
                return;
            }
            importStarred = importStarred || scope.importStarred;
            if (!Boolean.FALSE.equals(inGenerators)) {
                inGenerators = scope.kind == ScopeKind.GENERATOR;
            }
        }
        if (importStarred) {
            List<String> from = new ArrayList<>();
            for (int i = stack.size() - 1; i >= 0; i--) {
                for (Binding b : stack.get(i).values()) {
                    if (b.kind == BindingKind.STAR) {
                        b.used = new Use(scope(), node);
                        from.add(b.fullName);
                    }
                }
            }
            from.sort(null);
            report(node, "ImportStarUsage", Severity.WARNING,
                    r(name) + " may be undefined, or defined from star imports: " + String.join(", ", from));
            return;
        }
        if (name.equals("__path__") && fileBaseName.equals("__init__.py")) {
            return;
        }
        if (CLASS_MAGIC.contains(name) && scope().kind == ScopeKind.CLASS) {
            return;
        }
        if (!exceptHandlers.get(exceptHandlers.size() - 1).contains("NameError")) {
            report(node, "UndefinedName", Severity.ERROR, "undefined name " + r(name));
        }
    }

    private void handleNodeStore(PyNode node) {
        String name = nodeName(node);
        if (name == null) {
            return;
        }
        Scope current = scope();
        if (current.kind == ScopeKind.FUNCTION && !current.containsKey(name)) {
            for (int i = 0; i < stack.size() - 1; i++) {
                Scope s = stack.get(i);
                if (s.kind != ScopeKind.FUNCTION && s.kind != ScopeKind.MODULE) {
                    continue;
                }
                Binding b = s.get(name);
                Use used = b == null ? null : b.used;
                if (used != null && used.scope() == current && !current.globals.contains(name)) {
                    String text = b.source == null
                            ? "local variable " + r(name) + " defined as a builtin referenced before assignment"
                            : "local variable " + r(name) + " defined in enclosing scope on line " + b.source.line
                            + " referenced before assignment";
                    report(used.node(), "UndefinedLocal", Severity.ERROR, text);
                    break;
                }
            }
        }
        PyNode parentStmt = parentStatement(node);
        Binding binding;
        if (parentStmt != null && parentStmt.is("AnnAssign") && parentStmt.node("value") == null) {
            binding = new Binding(BindingKind.ANNOTATION, name, node);
        } else if (parentStmt != null && (parentStmt.is("For") || parentStmt.is("AsyncFor")
                || parentStmt.is("comprehension"))
                || (parentStmt != node.parent && !isLiteralTupleUnpacking(parentStmt))) {
            binding = new Binding(BindingKind.PLAIN, name, node);
        } else if (name.equals("__all__") && current.kind == ScopeKind.MODULE && node.parent != null
                && (node.parent.is("Assign") || node.parent.is("AugAssign") || node.parent.is("AnnAssign"))) {
            binding = exportBinding(node.parent, current);
        } else if (parentStmt != null && parentStmt.is("NamedExpr")) {
            binding = new Binding(BindingKind.NAMED_EXPR, name, node);
        } else {
            binding = new Binding(BindingKind.ASSIGNMENT, name, node);
        }
        addBinding(node, binding);
    }

    private static boolean isLiteralTupleUnpacking(PyNode node) {
        if (node == null || !node.is("Assign")) {
            return false;
        }
        for (PyNode t : node.list("targets")) {
            if (!t.hasElts()) {
                return false;
            }
        }
        return node.node("value").hasElts();
    }

    private Binding exportBinding(PyNode statement, Scope scope) {
        Binding b = new Binding(BindingKind.EXPORT, "__all__", statement);
        List<String> names = new ArrayList<>();
        Binding previous = scope.get("__all__");
        if (previous != null && statement.is("AugAssign") && previous.exportNames != null) {
            names.addAll(previous.exportNames);
        }
        PyNode value = statement.node("value");
        if (value != null && (value.is("List") || value.is("Tuple"))) {
            addStrings(value, names);
        } else if (value != null && value.is("BinOp")) {
            PyNode current = value;
            while (current.node("right").is("List") || current.node("right").is("Tuple")) {
                PyNode left = current.node("left");
                addStrings(current.node("right"), names);
                if (left.is("BinOp")) {
                    current = left;
                } else if (left.is("List") || left.is("Tuple")) {
                    addStrings(left, names);
                    break;
                } else {
                    break;
                }
            }
        }
        b.exportNames = names;
        return b;
    }

    private static void addStrings(PyNode container, List<String> names) {
        for (PyNode e : container.list("elts")) {
            if (e.isStr()) {
                names.add((String) e.values[0]);
            }
        }
    }

    private void handleNodeDelete(PyNode node) {
        String name = nodeName(node);
        if (name == null) {
            return;
        }
        for (PyNode p = node.parent; p != null; p = p.parent) {
            if (p.is("If") || p.is("While") || p.is("IfExp")) {
                return;
            }
        }
        Scope current = scope();
        if (current.kind == ScopeKind.FUNCTION && current.globals.contains(name)) {
            current.globals.remove(name);
        } else if (current.remove(name) == null) {
            report(node, "UndefinedName", Severity.ERROR, "undefined name " + r(name));
        }
    }

    private void addBinding(PyNode node, Binding value) {
        Scope found = stack.get(0);
        for (int i = stack.size() - 1; i >= 0; i--) {
            if (stack.get(i).containsKey(value.name)) {
                found = stack.get(i);
                break;
            }
        }
        Binding existing = found.get(value.name);
        if (existing != null && existing.kind != BindingKind.BUILTIN && !differentForks(node, existing.source)) {
            PyNode parentStmt = value.source == null ? null : parentStatement(value.source);
            boolean loopVar = parentStmt != null && (parentStmt.is("For") || parentStmt.is("AsyncFor"));
            if (existing.kind.isImport() && loopVar) {
                report(node, "ImportShadowedByLoopVar", Severity.WARNING, "import " + r(value.name)
                        + " from line " + existing.source.line + " shadowed by loop variable");
            } else if (found == scope()) {
                if (existing.used == null && value.redefines(existing)
                        && (!value.name.equals("_") || existing.kind.isImport())
                        && !isTypingOverload(existing)) {
                    report(node, "RedefinedWhileUnused", Severity.WARNING, "redefinition of unused "
                            + r(value.name) + " from line " + existing.source.line);
                }
            } else if (existing.kind.isImport() && value.redefines(existing)) {
                if (existing.redefined == null) {
                    existing.redefined = new ArrayList<>();
                }
                existing.redefined.add(node);
            }
        }
        Scope current = scope();
        Binding inCurrent = current.get(value.name);
        if (inCurrent != null) {
            value.used = inCurrent.used;
        }
        if (inCurrent == null || value.kind != BindingKind.ANNOTATION) {
            int pos = stack.size() - 1;
            while (value.kind == BindingKind.NAMED_EXPR && pos > 0 && stack.get(pos).kind == ScopeKind.GENERATOR) {
                pos--;
            }
            stack.get(pos).put(value.name, value);
        }
    }

    private void global(PyNode node) {
        Scope globalScope = stack.get(0);
        if (scope() == globalScope) {
            return;
        }
        for (String name : node.strings("names")) {
            Binding value = new Binding(BindingKind.ASSIGNMENT, name, node);
            findings.removeIf(f -> f.kind().equals("UndefinedName") && f.text().equals("undefined name " + r(name)));
            globalScope.putIfAbsent(name, value);
            value.used = new Use(globalScope, node);
            for (int i = 1; i < stack.size(); i++) {
                stack.get(i).put(name, value);
            }
        }
    }

    // ---------------------------------------------------------------- statements

    private void continueOrBreak(PyNode node) {
        PyNode n = node;
        while (n.parent != null) {
            PyNode child = n;
            n = n.parent;
            if (n.is("While") || n.is("For") || n.is("AsyncFor")) {
                if (!n.list("orelse").contains(child)) {
                    return;
                }
            }
            if (n.is("FunctionDef") || n.is("ClassDef")) {
                break;
            }
        }
        if (node.is("Continue")) {
            report(node, "ContinueOutsideLoop", Severity.ERROR, "'continue' not properly in loop");
        } else {
            report(node, "BreakOutsideLoop", Severity.ERROR, "'break' outside loop");
        }
    }

    private void lambda(PyNode node) {
        PyNode args = node.node("args");
        List<String> names = new ArrayList<>();
        List<PyNode> annotations = new ArrayList<>();
        List<PyNode> all = new ArrayList<>(args.list("posonlyargs"));
        all.addAll(args.list("args"));
        all.addAll(args.list("kwonlyargs"));
        for (PyNode a : all) {
            names.add(a.str("arg"));
            annotations.add(a.node("annotation"));
        }
        List<PyNode> defaults = new ArrayList<>(args.list("defaults"));
        defaults.addAll(args.list("kw_defaults"));
        boolean hasAnnotations = !node.is("Lambda");
        for (String wildcard : new String[] {"vararg", "kwarg"}) {
            PyNode w = args.node(wildcard);
            if (w == null) {
                continue;
            }
            names.add(w.str("arg"));
            if (hasAnnotations) {
                annotations.add(w.node("annotation"));
            }
        }
        if (hasAnnotations) {
            annotations.add(node.node("returns"));
        }
        if (new HashSet<>(names).size() < names.size()) {
            for (int i = 0; i < names.size(); i++) {
                if (names.subList(0, i).contains(names.get(i))) {
                    report(node, "DuplicateArgument", Severity.ERROR,
                            "duplicate argument " + r(names.get(i)) + " in function definition");
                }
            }
        }
        for (PyNode annotation : annotations) {
            handleAnnotation(annotation, node);
        }
        for (PyNode d : defaults) {
            handleNode(d, node);
        }
        deferFunction(() -> {
            pushScope(ScopeKind.FUNCTION);
            handleChildren(node, Set.of("decorator_list", "returns"));
            deferAssignment(() -> {
                Scope s = scope();
                if (s.usesLocals) {
                    return;
                }
                for (var e : s.entrySet()) {
                    Binding b = e.getValue();
                    if (b.used == null && !e.getKey().equals("_") && !s.globals.contains(e.getKey())
                            && (b.kind == BindingKind.ASSIGNMENT || b.kind == BindingKind.NAMED_EXPR)) {
                        report(b.source, "UnusedVariable", Severity.WARNING,
                                "local variable " + r(e.getKey()) + " is assigned to but never used");
                    }
                }
            });
            popScope();
        });
    }

    private void classDef(PyNode node) {
        for (PyNode deco : node.list("decorator_list")) {
            handleNode(deco, node);
        }
        for (PyNode base : node.list("bases")) {
            handleNode(base, node);
        }
        for (PyNode kw : node.list("keywords")) {
            handleNode(kw, node);
        }
        pushScope(ScopeKind.CLASS);
        for (PyNode stmt : node.list("body")) {
            handleNode(stmt, node);
        }
        popScope();
        addBinding(node, new Binding(BindingKind.CLASS, node.str("name"), node));
    }

    private void tuple(PyNode node) {
        if ("Store".equals(node.ctx())) {
            boolean starred = false;
            for (PyNode e : node.list("elts")) {
                if (e.is("Starred")) {
                    if (starred) {
                        report(node, "TwoStarredExpressions", Severity.ERROR, "two starred expressions in assignment");
                        break;
                    }
                    starred = true;
                }
            }
        }
        handleChildren(node);
    }

    private void importStatement(PyNode node) {
        for (PyNode alias : node.list("names")) {
            String name = alias.str("name");
            String asname = alias.str("asname");
            Binding b;
            if (name.contains(".") && asname == null) {
                b = new Binding(BindingKind.SUBMODULE, name.substring(0, name.indexOf('.')), node);
                b.fullName = name;
            } else {
                b = new Binding(BindingKind.IMPORT, asname != null ? asname : name, node);
                b.fullName = name;
            }
            addBinding(node, b);
        }
    }

    private void importFrom(PyNode node) {
        String mod = node.str("module");
        boolean future = "__future__".equals(mod);
        if (future) {
            if (!futuresAllowed()) {
                report(node, "LateFutureImport", Severity.ERROR,
                        "from __future__ imports must occur at the beginning of the file");
            }
        } else {
            disallowFutures();
        }
        Object level = node.get("level");
        String module = ".".repeat(level instanceof Integer l ? l : 0) + (mod == null ? "" : mod);
        for (PyNode alias : node.list("names")) {
            String real = alias.str("name");
            String name = alias.str("asname") != null ? alias.str("asname") : real;
            Binding b;
            if (future) {
                b = fromBinding(BindingKind.FUTURE, name, node, module, real);
                b.used = new Use(scope(), node);
                if (!PythonNames.FUTURE_FEATURES.contains(real)) {
                    report(node, "FutureFeatureNotDefined", Severity.ERROR, "future feature " + real + " is not defined");
                }
                if (real.equals("annotations")) {
                    stack.get(0).annotationsFuture = true;
                }
            } else if (real.equals("*")) {
                if (scope().kind != ScopeKind.MODULE) {
                    report(node, "ImportStarNotPermitted", Severity.ERROR,
                            "'from " + module + " import *' only allowed at module level");
                    continue;
                }
                scope().importStarred = true;
                report(node, "ImportStarUsed", Severity.WARNING,
                        "'from " + module + " import *' used; unable to detect undefined names");
                b = new Binding(BindingKind.STAR, module + ".*", node);
                b.fullName = module;
            } else {
                b = fromBinding(BindingKind.FROM, name, node, module, real);
            }
            addBinding(node, b);
        }
    }

    private static Binding fromBinding(BindingKind kind, String name, PyNode node, String module, String real) {
        Binding b = new Binding(kind, name, node);
        b.module = module;
        b.realName = real;
        b.fullName = module.endsWith(".") ? module + real : module + "." + real;
        return b;
    }

    private void tryStatement(PyNode node) {
        List<String> handlerNames = new ArrayList<>();
        List<PyNode> handlers = node.list("handlers");
        for (int i = 0; i < handlers.size(); i++) {
            PyNode h = handlers.get(i);
            PyNode type = h.node("type");
            if (type != null && type.is("Tuple")) {
                for (PyNode e : type.list("elts")) {
                    handlerNames.add(nodeName(e));
                }
            } else if (type != null) {
                handlerNames.add(nodeName(type));
            }
            if (type == null && i < handlers.size() - 1) {
                report(h, "DefaultExceptNotLast", Severity.ERROR, "default 'except:' must be last");
            }
        }
        exceptHandlers.add(handlerNames);
        for (PyNode child : node.list("body")) {
            handleNode(child, node);
        }
        exceptHandlers.remove(exceptHandlers.size() - 1);
        handleChildren(node, Set.of("body"));
    }

    private void exceptHandler(PyNode node) {
        String name = node.str("name");
        if (name == null) {
            handleChildren(node);
            return;
        }
        Scope current = scope();
        if (current.containsKey(name)) {
            handleNodeStore(node);
        }
        Binding previous = current.remove(name);
        handleNodeStore(node);
        handleChildren(node);
        Binding binding = scope().remove(name);
        if (binding != null && binding.used == null) {
            report(node, "UnusedVariable", Severity.WARNING,
                    "local variable " + r(name) + " is assigned to but never used");
        }
        if (previous != null) {
            scope().put(name, previous);
        }
    }

    private void annAssign(PyNode node) {
        handleNode(node.node("target"), node);
        handleAnnotation(node.node("annotation"), node);
        PyNode value = node.node("value");
        if (value != null) {
            if (isTyping(node.node("annotation"), "TypeAlias")) {
                handleAnnotation(value, node);
            } else {
                handleNode(value, node);
            }
        }
    }

    private void raise(PyNode node) {
        handleChildren(node);
        PyNode exc = node.node("exc");
        if (exc == null) {
            return;
        }
        PyNode target = exc.is("Call") ? exc.node("func") : exc;
        if (target.is("Name") && "NotImplemented".equals(target.str("id"))) {
            report(node, "RaiseNotImplemented", Severity.WARNING,
                    "'raise NotImplemented' should be 'raise NotImplementedError'");
        }
    }

    // ---------------------------------------------------------------- expressions

    private void compare(PyNode node) {
        PyNode left = node.node("left");
        List<String> ops = node.strings("ops");
        List<PyNode> comparators = node.list("comparators");
        for (int i = 0; i < ops.size(); i++) {
            PyNode right = comparators.get(i);
            String op = ops.get(i);
            if ((op.equals("Is") || op.equals("IsNot")) && (constNonSingleton(left) || constNonSingleton(right))) {
                report(node, "IsLiteral", Severity.WARNING,
                        "use ==/!= to compare constant literals (str, bytes, int, float, tuple)");
            }
            left = right;
        }
        handleChildren(node);
    }

    private static boolean isConstant(PyNode n) {
        if (n.is("Constant")) {
            return true;
        }
        if (n.is("Tuple")) {
            for (PyNode e : n.list("elts")) {
                if (!isConstant(e)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean constNonSingleton(PyNode n) {
        if (!isConstant(n)) {
            return false;
        }
        if (n.is("Constant")) {
            Object v = n.values[0];
            return !(v instanceof Boolean || v == PyConst.NONE || v == PyConst.ELLIPSIS);
        }
        return true;
    }

    private void joinedStr(PyNode node) {
        if (!inFString) {
            boolean placeholder = false;
            for (PyNode v : node.list("values")) {
                placeholder |= v.is("FormattedValue");
            }
            if (!placeholder) {
                report(node, "FStringMissingPlaceholders", Severity.WARNING, "f-string is missing placeholders");
            }
        }
        boolean saved = inFString;
        inFString = true;
        try {
            handleChildren(node);
        } finally {
            inFString = saved;
        }
    }

    private void constant(PyNode node) {
        if (annotationState != ANN_NONE && node.isStr()) {
            String s = (String) node.values[0];
            int line = node.line;
            int col = node.col;
            Runnable task = () -> handleStringAnnotation(s, node, line, col, "ForwardAnnotationSyntaxError",
                    "syntax error in forward annotation ");
            if (inDeferred) {
                task.run();
            } else {
                deferFunction(task);
            }
        }
    }

    private void handleStringAnnotation(String s, PyNode node, int line, int col, String kind, String prefix) {
        int saved = annotationState;
        annotationState = ANN_STRING;
        try {
            PyNode module = annotationParser.apply(s);
            List<PyNode> body = module == null ? List.of() : module.list("body");
            if (module == null || body.size() != 1 || !body.get(0).is("Expr")) {
                report(node, kind, Severity.WARNING, prefix + r(s));
                return;
            }
            PyNode expr = body.get(0).node("value");
            relocate(expr, line, col);
            handleNode(expr, node);
        } finally {
            annotationState = saved;
        }
    }

    private static void relocate(PyNode n, int line, int col) {
        if (n == null) {
            return;
        }
        if (n.shape == null || n.shape.positioned) {
            n.line = line;
            n.col = col;
        }
        if (n.shape == null) {
            return;
        }
        for (int i = 0; i < n.values.length; i++) {
            Object v = n.values[i];
            if (v instanceof PyNode c) {
                relocate(c, line, col);
            } else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof PyNode c) {
                        relocate(c, line, col);
                    }
                }
            }
        }
    }

    private void handleAnnotation(PyNode annotation, PyNode node) {
        int saved = annotationState;
        annotationState = ANN_BARE;
        try {
            if (annotation != null && annotation.isStr()) {
                String s = (String) annotation.values[0];
                int line = annotation.line;
                int col = annotation.col;
                deferFunction(() -> handleStringAnnotation(s, node, line, col, "ForwardAnnotationSyntaxError",
                        "syntax error in forward annotation "));
            } else if (annotationsFuture()) {
                deferFunction(() -> {
                    int s2 = annotationState;
                    annotationState = ANN_BARE;
                    try {
                        handleNode(annotation, node);
                    } finally {
                        annotationState = s2;
                    }
                });
            } else {
                handleNode(annotation, node);
            }
        } finally {
            annotationState = saved;
        }
    }

    private void withAnnotationState(int state, Runnable r) {
        int saved = annotationState;
        annotationState = state;
        try {
            r.run();
        } finally {
            annotationState = saved;
        }
    }

    private void subscript(PyNode node) {
        PyNode value = node.node("value");
        if (isNameOrAttr(value, "Literal")) {
            withAnnotationState(ANN_NONE, () -> handleChildren(node));
        } else if (isNameOrAttr(value, "Annotated")) {
            handleNode(value, node);
            PyNode slice = node.node("slice");
            if (!slice.is("Tuple") || slice.list("elts").size() < 2) {
                handleNode(slice, node);
            } else {
                List<PyNode> elts = slice.list("elts");
                handleNode(elts.get(0), node);
                withAnnotationState(ANN_NONE, () -> {
                    for (PyNode a : elts.subList(1, elts.size())) {
                        handleNode(a, node);
                    }
                });
            }
        } else if (isTyping(value, null)) {
            withAnnotationState(ANN_BARE, () -> handleChildren(node));
        } else {
            handleChildren(node);
        }
    }

    private void call(PyNode node) {
        PyNode func = node.node("func");
        if (func.is("Attribute") && func.node("value").isStr() && "format".equals(func.str("attr"))) {
            FormatChecks.dotFormat(node, (String) func.node("value").values[0], this::reportFormat);
        }
        List<PyNode> args = node.list("args");
        List<PyNode> keywords = node.list("keywords");
        Set<String> omit = new HashSet<>();
        List<PyNode> annotated = new ArrayList<>();
        List<Object[]> notAnnotated = new ArrayList<>();
        if (isTyping(func, "cast") && !args.isEmpty()) {
            withAnnotationState(ANN_BARE, () -> handleNode(args.get(0), node));
        } else if (isTyping(func, "TypeVar")) {
            omit.add("args");
            annotated.addAll(args.subList(Math.min(1, args.size()), args.size()));
            omit.add("keywords");
            for (PyNode k : keywords) {
                if ("bound".equals(k.str("arg"))) {
                    annotated.add(k.node("value"));
                }
            }
            for (PyNode k : keywords) {
                notAnnotated.add(new Object[] {k, "bound".equals(k.str("arg")) ? Set.of("value") : null});
            }
        } else if (isTyping(func, "TypedDict")) {
            if (args.size() > 1 && args.get(1).is("Dict")) {
                omit.add("args");
                annotated.addAll(args.get(1).list("values"));
                for (int i = 0; i < args.size(); i++) {
                    notAnnotated.add(new Object[] {args.get(i), i == 1 ? Set.of("values") : null});
                }
            }
            omit.add("keywords");
            for (PyNode k : keywords) {
                annotated.add(k.node("value"));
                notAnnotated.add(new Object[] {k, Set.of("value")});
            }
        } else if (isTyping(func, "NamedTuple")) {
            if (args.size() > 1 && (args.get(1).is("Tuple") || args.get(1).is("List"))
                    && args.get(1).list("elts").stream()
                    .allMatch(x -> (x.is("Tuple") || x.is("List")) && x.list("elts").size() == 2)) {
                omit.add("args");
                List<PyNode> elts = args.get(1).list("elts");
                for (PyNode e : elts) {
                    annotated.add(e.list("elts").get(1));
                }
                for (PyNode e : elts) {
                    notAnnotated.add(new Object[] {e.list("elts").get(0), null});
                }
                for (int i = 0; i < args.size(); i++) {
                    notAnnotated.add(new Object[] {args.get(i), i == 1 ? Set.of("elts") : null});
                }
                for (PyNode e : elts) {
                    notAnnotated.add(new Object[] {e, Set.of("elts")});
                }
            }
            omit.add("keywords");
            for (PyNode k : keywords) {
                annotated.add(k.node("value"));
                notAnnotated.add(new Object[] {k, Set.of("value")});
            }
        }
        if (!omit.isEmpty()) {
            withAnnotationState(ANN_NONE, () -> {
                for (Object[] na : notAnnotated) {
                    @SuppressWarnings("unchecked")
                    Set<String> o = (Set<String>) na[1];
                    handleChildren((PyNode) na[0], o);
                }
                handleChildren(node, omit);
            });
            withAnnotationState(ANN_BARE, () -> {
                for (PyNode a : annotated) {
                    handleNode(a, node);
                }
            });
        } else {
            handleChildren(node);
        }
    }

    private void reportFormat(PyNode at, String kind, String text) {
        report(at, kind, Severity.WARNING, text);
    }

    private void binOp(PyNode node) {
        if ("Mod".equals(node.get("op")) && node.node("left").isStr()) {
            FormatChecks.percentFormat(node, (String) node.node("left").values[0], this::reportFormat);
        }
        handleChildren(node);
    }

    private void dict(PyNode node) {
        DictKeys.check(node, (at, kind, text) -> report(at, kind, Severity.WARNING, text));
        handleChildren(node);
    }

    // ---------------------------------------------------------------- type comments

    private static final java.util.regex.Pattern TYPE_FUNC =
            java.util.regex.Pattern.compile("^(\\(.*?\\))\\s*->\\s*(.*)$");

    /** Ties each type comment to the last typeable statement that starts on or before its line. */
    private void assignTypeComments(PyNode module) {
        List<Integer> lines = new ArrayList<>();
        java.util.Map<Integer, PyNode> byLine = new java.util.HashMap<>();
        collectTypeable(module, lines, byLine);
        for (TypeComments.Comment c : typeCommentList) {
            int lo = 0;
            int hi = lines.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (c.line() < lines.get(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (lo == 0) {
                continue;
            }
            PyNode node = byLine.get(lines.get(lo - 1));
            typeComments.computeIfAbsent(node, k -> new ArrayList<>()).add(c);
        }
    }

    private static void collectTypeable(PyNode n, List<Integer> lines, java.util.Map<Integer, PyNode> byLine) {
        switch (n.type) {
            case "Assign", "For", "FunctionDef", "With", "AsyncFor", "AsyncFunctionDef", "AsyncWith" -> {
                lines.add(n.line);
                byLine.put(n.line, n);
            }
            default -> {
            }
        }
        for (Object v : n.values) {
            if (v instanceof PyNode c) {
                collectTypeable(c, lines, byLine);
            } else if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof PyNode c) {
                        collectTypeable(c, lines, byLine);
                    }
                }
            }
        }
    }

    private void handleTypeComments(PyNode node) {
        List<TypeComments.Comment> comments = typeComments.get(node);
        if (comments == null) {
            return;
        }
        for (TypeComments.Comment c : comments) {
            String comment = c.text().substring(c.text().indexOf(':') + 1).strip();
            java.util.regex.Matcher m = TYPE_FUNC.matcher(comment);
            List<String> parts = m.matches()
                    ? List.of(m.group(1).replace("*", ""), m.group(2).strip())
                    : List.of(comment);
            for (String part : parts) {
                PyNode dummy = new PyNode(null, "Comment", c.line(), c.col(), new Object[0]);
                deferFunction(() -> handleStringAnnotation(part, dummy, c.line(), c.col(),
                        "CommentAnnotationSyntaxError", "syntax error in type comment "));
            }
        }
    }

    // ---------------------------------------------------------------- dead scopes

    private void checkDeadScopes() {
        for (Scope scope : deadScopes) {
            if (scope.kind == ScopeKind.CLASS) {
                continue;
            }
            Binding all = scope.get("__all__");
            if (all != null && all.kind != BindingKind.EXPORT) {
                all = null;
            }
            Set<String> allNames = new HashSet<>();
            List<String> undefined = new ArrayList<>();
            if (all != null) {
                allNames.addAll(all.exportNames);
                for (String n : all.exportNames) {
                    if (!scope.containsKey(n)) {
                        undefined.add(n);
                    }
                }
            }
            if (!undefined.isEmpty()) {
                if (!scope.importStarred && !fileBaseName.equals("__init__.py")) {
                    for (String n : undefined) {
                        report(all.source, "UndefinedExport", Severity.ERROR, "undefined name " + r(n) + " in __all__");
                    }
                }
                if (scope.importStarred) {
                    List<String> from = new ArrayList<>();
                    for (Binding b : scope.values()) {
                        if (b.kind == BindingKind.STAR) {
                            b.used = new Use(null, all.source);
                            from.add(b.fullName);
                        }
                    }
                    from.sort(null);
                    for (String n : undefined) {
                        report(all.source, "ImportStarUsage", Severity.WARNING,
                                r(n) + " may be undefined, or defined from star imports: " + String.join(", ", from));
                    }
                }
            }
            for (Binding value : scope.values()) {
                if (!value.kind.isImport()) {
                    continue;
                }
                boolean used = value.used != null || allNames.contains(value.name);
                if (!used) {
                    report(value.source, "UnusedImport", Severity.WARNING, r(value.display()) + " imported but unused");
                }
                if (value.redefined != null) {
                    for (PyNode node : value.redefined) {
                        PyNode p = parentStatement(node);
                        if (p != null && (p.is("For") || p.is("AsyncFor"))) {
                            report(node, "ImportShadowedByLoopVar", Severity.WARNING, "import " + r(value.name)
                                    + " from line " + value.source.line + " shadowed by loop variable");
                        } else if (!used) {
                            report(node, "RedefinedWhileUnused", Severity.WARNING, "redefinition of unused "
                                    + r(value.name) + " from line " + value.source.line);
                        }
                    }
                }
            }
        }
    }
}
