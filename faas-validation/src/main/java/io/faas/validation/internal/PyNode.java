package io.faas.validation.internal;

import java.util.List;

/**
 * A Python AST node copied out of GraalPy into plain Java, so the checker runs as ordinary
 * (JIT-compiled) Java code instead of interpreted Python.
 *
 * <p>{@link #col} is a UTF-8 byte offset, as CPython and pyflakes count columns.
 */
final class PyNode {
    final AstSchema.Shape shape;
    final String type;
    int line;
    int col;
    final Object[] values;

    /** Set by the checker when it visits the node, like pyflakes' bookkeeping. */
    PyNode parent;
    int depth;
    boolean visited;

    PyNode(AstSchema.Shape shape, String type, int line, int col, Object[] values) {
        this.shape = shape;
        this.type = type;
        this.line = line;
        this.col = col;
        this.values = values;
    }

    boolean is(String t) {
        return type.equals(t);
    }

    Object get(String field) {
        if (shape == null) {
            return null;
        }
        int i = shape.indexOf(field);
        return i < 0 ? null : values[i];
    }

    boolean has(String field) {
        return shape != null && shape.indexOf(field) >= 0;
    }

    PyNode node(String field) {
        return (PyNode) get(field);
    }

    @SuppressWarnings("unchecked")
    List<PyNode> list(String field) {
        Object v = get(field);
        return v == null ? List.of() : (List<PyNode>) v;
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String field) {
        Object v = get(field);
        return v == null ? List.of() : (List<String>) v;
    }

    String str(String field) {
        return (String) get(field);
    }

    /** For a Name: its ctx ("Load", "Store", "Del"). */
    String ctx() {
        return (String) get("ctx");
    }

    /** Whether this is a Constant holding a str. */
    boolean isStr() {
        return type.equals("Constant") && values[0] instanceof String;
    }

    /** Nodes with an {@code elts} field: the ones pyflakes' getParent climbs over. */
    boolean hasElts() {
        return type.equals("Tuple") || type.equals("List") || type.equals("Set");
    }

    /** Nodes with a {@code ctx} field. */
    boolean hasCtx() {
        return switch (type) {
            case "Name", "Tuple", "List", "Attribute", "Subscript", "Starred" -> true;
            default -> false;
        };
    }

    boolean isFunction() {
        return type.equals("FunctionDef") || type.equals("AsyncFunctionDef");
    }

    @Override
    public String toString() {
        return type + "@" + line + ":" + col;
    }
}
