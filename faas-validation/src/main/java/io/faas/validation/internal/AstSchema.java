package io.faas.validation.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields of Python 3.12's {@code ast} node types that the checker reads, in {@code _fields} order.
 *
 * <p>Knowing the shape of each node up front lets {@link AstReader} copy a tree out of GraalPy with
 * as few polyglot calls as possible: it never asks a node for its {@code _fields}, and reads
 * expression contexts and operators only where the checker needs them.
 */
final class AstSchema {

    /** How a field is stored. */
    enum Kind {
        /** A node or None. */
        NODE,
        /** A list of nodes (entries may be None, as in {@code Dict.keys}). */
        LIST,
        /** An identifier or None. */
        ID,
        /** A list of identifiers. */
        ID_LIST,
        /** A Python constant (Constant.value, MatchSingleton.value). */
        CONST,
        /** An int (level, is_async, conversion, simple). */
        INT,
        /** An expression context or operator node: only its class name is kept. */
        TAG,
        /** A list of operators (Compare.ops): class names. */
        TAG_LIST,
        /** Read but never visited nor kept. */
        SKIP
    }

    record Field(String name, Kind kind) {
    }

    /** The shape of one node type. */
    static final class Shape {
        final String type;
        final Field[] fields;
        /** Indexes into {@link #fields} in the order a visitor walks children (iter/generators/value first). */
        final int[] walkOrder;
        final boolean positioned;
        private final Map<String, Integer> index = new HashMap<>();

        Shape(String type, Field[] fields, boolean positioned) {
            this.type = type;
            this.fields = fields;
            this.positioned = positioned;
            for (int i = 0; i < fields.length; i++) {
                index.put(fields[i].name(), i);
            }
            String first = index.containsKey("iter") ? "iter"
                    : index.containsKey("generators") ? "generators" : "value";
            int[] order = new int[fields.length];
            int k = 0;
            if (index.containsKey(first)) {
                order[k++] = index.get(first);
            }
            for (int i = 0; i < fields.length; i++) {
                if (!fields[i].name().equals(first)) {
                    order[k++] = i;
                }
            }
            this.walkOrder = order;
        }

        int indexOf(String field) {
            Integer i = index.get(field);
            return i == null ? -1 : i;
        }
    }

    private static final Map<String, Shape> SHAPES = new HashMap<>();

    static {
        // Statements and expressions carry lineno/col_offset; the rest (arguments, keyword in 3.8-,
        // comprehension, withitem, match_case, alias...) may or may not: "+" marks positioned types.
        String spec = String.join("\n",
                "Module: body=L",
                "Interactive: body=L",
                "Expression: body=N",
                "+FunctionDef: name=I args=N body=L decorator_list=L returns=N type_comment=S type_params=L",
                "+AsyncFunctionDef: name=I args=N body=L decorator_list=L returns=N type_comment=S type_params=L",
                "+ClassDef: name=I bases=L keywords=L body=L decorator_list=L type_params=L",
                "+Return: value=N",
                "+Delete: targets=L",
                "+Assign: targets=L value=N type_comment=S",
                "+TypeAlias: name=N type_params=L value=N",
                "+AugAssign: target=N op=T value=N",
                "+AnnAssign: target=N annotation=N value=N simple=S",
                "+For: target=N iter=N body=L orelse=L type_comment=S",
                "+AsyncFor: target=N iter=N body=L orelse=L type_comment=S",
                "+While: test=N body=L orelse=L",
                "+If: test=N body=L orelse=L",
                "+With: items=L body=L type_comment=S",
                "+AsyncWith: items=L body=L type_comment=S",
                "+Match: subject=N cases=L",
                "+Raise: exc=N cause=N",
                "+Try: body=L handlers=L orelse=L finalbody=L",
                "+TryStar: body=L handlers=L orelse=L finalbody=L",
                "+Assert: test=N msg=N",
                "+Import: names=L",
                "+ImportFrom: module=I names=L level=#",
                "+Global: names=IL",
                "+Nonlocal: names=IL",
                "+Expr: value=N",
                "+Pass:",
                "+Break:",
                "+Continue:",
                "+BoolOp: op=T values=L",
                "+NamedExpr: target=N value=N",
                "+BinOp: left=N op=T right=N",
                "+UnaryOp: op=T operand=N",
                "+Lambda: args=N body=N",
                "+IfExp: test=N body=N orelse=N",
                "+Dict: keys=L values=L",
                "+Set: elts=L",
                "+ListComp: elt=N generators=L",
                "+SetComp: elt=N generators=L",
                "+DictComp: key=N value=N generators=L",
                "+GeneratorExp: elt=N generators=L",
                "+Await: value=N",
                "+Yield: value=N",
                "+YieldFrom: value=N",
                "+Compare: left=N ops=TL comparators=L",
                "+Call: func=N args=L keywords=L",
                "+FormattedValue: value=N conversion=S format_spec=N",
                "+JoinedStr: values=L",
                "+Constant: value=C kind=S",
                "+Attribute: value=N attr=I ctx=S",
                "+Subscript: value=N slice=N ctx=S",
                "+Starred: value=N ctx=S",
                "+Name: id=I ctx=T",
                "+List: elts=L ctx=T",
                "+Tuple: elts=L ctx=T",
                "+Slice: lower=N upper=N step=N",
                "comprehension: target=N iter=N ifs=L is_async=S",
                "+ExceptHandler: type=N name=I body=L",
                "arguments: posonlyargs=L args=L vararg=N kwonlyargs=L kw_defaults=L kwarg=N defaults=L",
                "+arg: arg=I annotation=N type_comment=S",
                "+keyword: arg=I value=N",
                "+alias: name=I asname=I",
                "withitem: context_expr=N optional_vars=N",
                "match_case: pattern=N guard=N body=L",
                "+MatchValue: value=N",
                "+MatchSingleton: value=C",
                "+MatchSequence: patterns=L",
                "+MatchMapping: keys=L patterns=L rest=I",
                "+MatchClass: cls=N patterns=L kwd_attrs=IL kwd_patterns=L",
                "+MatchStar: name=I",
                "+MatchAs: pattern=N name=I",
                "+MatchOr: patterns=L",
                "+TypeVar: name=I bound=N",
                "+ParamSpec: name=I",
                "+TypeVarTuple: name=I");
        for (String line : spec.split("\n")) {
            boolean positioned = line.startsWith("+");
            String body = positioned ? line.substring(1) : line;
            int colon = body.indexOf(':');
            String type = body.substring(0, colon);
            String rest = body.substring(colon + 1).trim();
            String[] parts = rest.isEmpty() ? new String[0] : rest.split(" ");
            Field[] fields = new Field[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String[] kv = parts[i].split("=");
                fields[i] = new Field(kv[0], switch (kv[1]) {
                    case "N" -> Kind.NODE;
                    case "L" -> Kind.LIST;
                    case "I" -> Kind.ID;
                    case "IL" -> Kind.ID_LIST;
                    case "C" -> Kind.CONST;
                    case "#" -> Kind.INT;
                    case "T" -> Kind.TAG;
                    case "TL" -> Kind.TAG_LIST;
                    case "S" -> Kind.SKIP;
                    default -> throw new IllegalStateException(parts[i]);
                });
            }
            SHAPES.put(type, new Shape(type, fields, positioned));
        }
    }

    private AstSchema() {
    }

    /** The shape of {@code type}, or null for a node type this table does not know. */
    static Shape shape(String type) {
        return SHAPES.get(type);
    }
}
