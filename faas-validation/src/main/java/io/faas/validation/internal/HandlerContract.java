package io.faas.validation.internal;

import io.faas.api.Diagnostic;

import java.util.List;

/** The function contract: a module-level {@code def HANDLER(event, context)}. */
final class HandlerContract {
    private HandlerContract() {
    }

    static void check(PyNode module, String handler, List<Diagnostic> out) {
        PyNode definition = null;
        String other = null;
        int otherLine = 1;
        for (PyNode stmt : module.list("body")) {
            String kind = binds(stmt, handler);
            if (kind == null) {
                continue;
            }
            if (kind.equals("def")) {
                definition = stmt;
                other = null;
            } else {
                definition = null;
                other = kind;
                otherLine = stmt.line;
            }
        }
        if (other != null) {
            out.add(Diagnostic.error(otherLine, 1, "handler '" + handler + "' must be a function taking two arguments"
                    + " (event, context), but it is " + other));
            return;
        }
        if (definition == null) {
            out.add(Diagnostic.error(1, 1, "handler function '" + handler + "' is not defined"));
            return;
        }
        int line = definition.line;
        int col = definition.col + 1;
        if (definition.is("AsyncFunctionDef")) {
            out.add(Diagnostic.error(line, col, "handler function '" + handler
                    + "' must be a plain function, not 'async def'"));
            return;
        }
        PyNode args = definition.node("args");
        int positional = args.list("posonlyargs").size() + args.list("args").size();
        int required = positional - args.list("defaults").size();
        boolean varargs = args.node("vararg") != null;
        long requiredKeywordOnly = args.list("kw_defaults").stream().filter(d -> d == null).count();
        boolean ok = required <= 2 && (positional >= 2 || varargs) && requiredKeywordOnly == 0;
        if (!ok) {
            String takes;
            if (requiredKeywordOnly > 0) {
                takes = "requires keyword-only arguments";
            } else if (required > 2) {
                takes = "requires " + required + " positional arguments";
            } else {
                takes = "takes " + positional + " positional argument" + (positional == 1 ? "" : "s");
            }
            out.add(Diagnostic.error(line, col, "handler function '" + handler
                    + "' must take two positional arguments (event, context), but it " + takes));
        }
    }

    /** What kind of module-level binding of {@code name} {@code stmt} makes, or null. */
    private static String binds(PyNode stmt, String name) {
        switch (stmt.type) {
            case "FunctionDef", "AsyncFunctionDef" -> {
                return name.equals(stmt.str("name")) ? "def" : null;
            }
            case "ClassDef" -> {
                return name.equals(stmt.str("name")) ? "a class" : null;
            }
            case "Assign", "AnnAssign", "AugAssign" -> {
                if (stmt.is("AnnAssign") && stmt.node("value") == null) {
                    return null; // a bare annotation binds nothing
                }
                List<PyNode> targets = stmt.is("Assign") ? stmt.list("targets") : List.of(stmt.node("target"));
                for (PyNode t : targets) {
                    if (assigns(t, name)) {
                        return "a variable";
                    }
                }
                return null;
            }
            case "Import", "ImportFrom" -> {
                for (PyNode alias : stmt.list("names")) {
                    String as = alias.str("asname") != null ? alias.str("asname") : alias.str("name");
                    if (name.equals(as.split("\\.")[0])) {
                        return "an import";
                    }
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean assigns(PyNode target, String name) {
        if (target.is("Name")) {
            return name.equals(target.str("id"));
        }
        if (target.is("Tuple") || target.is("List")) {
            for (PyNode e : target.list("elts")) {
                if (assigns(e.is("Starred") ? e.node("value") : e, name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
