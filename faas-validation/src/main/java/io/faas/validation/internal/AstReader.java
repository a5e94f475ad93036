package io.faas.validation.internal;

import org.graalvm.polyglot.Value;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a GraalPy {@code ast} tree into {@link PyNode}s. Reads only the fields in {@link AstSchema},
 * and turns GraalPy's code-point columns into the UTF-8 byte columns CPython reports.
 */
final class AstReader {
    private final SourceLines lines;

    AstReader(SourceLines lines) {
        this.lines = lines;
    }

    PyNode read(Value v) {
        if (v == null || v.isNull()) {
            return null;
        }
        String type = v.getMetaObject().getMetaSimpleName();
        AstSchema.Shape shape = AstSchema.shape(type);
        if (shape == null) {
            int line = v.hasMember("lineno") ? v.getMember("lineno").asInt() : 0;
            int col = v.hasMember("col_offset") ? v.getMember("col_offset").asInt() : 0;
            return new PyNode(null, type, line, lines.byteColumn(line, col), new Object[0]);
        }
        int line = 0;
        int col = 0;
        if (shape.positioned) {
            line = v.getMember("lineno").asInt();
            col = lines.byteColumn(line, v.getMember("col_offset").asInt());
        }
        AstSchema.Field[] fields = shape.fields;
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            AstSchema.Field f = fields[i];
            switch (f.kind()) {
                case SKIP -> {
                }
                case NODE -> values[i] = read(v.getMember(f.name()));
                case LIST -> {
                    Value list = v.getMember(f.name());
                    int n = (int) list.getArraySize();
                    List<PyNode> out = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        out.add(read(list.getArrayElement(j)));
                    }
                    values[i] = out;
                }
                case ID -> {
                    Value s = v.getMember(f.name());
                    values[i] = s == null || s.isNull() ? null : s.asString();
                }
                case ID_LIST -> {
                    Value list = v.getMember(f.name());
                    int n = (int) list.getArraySize();
                    List<String> out = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        out.add(list.getArrayElement(j).asString());
                    }
                    values[i] = out;
                }
                case INT -> {
                    Value s = v.getMember(f.name());
                    values[i] = s == null || s.isNull() ? 0 : s.asInt();
                }
                case CONST -> values[i] = constant(v.getMember(f.name()));
                case TAG -> values[i] = v.getMember(f.name()).getMetaObject().getMetaSimpleName();
                case TAG_LIST -> {
                    Value list = v.getMember(f.name());
                    int n = (int) list.getArraySize();
                    List<String> out = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        out.add(list.getArrayElement(j).getMetaObject().getMetaSimpleName());
                    }
                    values[i] = out;
                }
                default -> throw new IllegalStateException(f.toString());
            }
        }
        return new PyNode(shape, type, line, col, values);
    }

    static Object constant(Value c) {
        if (c.isString()) {
            return c.asString();
        }
        if (c.isNull()) {
            return PyConst.NONE;
        }
        if (c.isBoolean()) {
            return c.asBoolean();
        }
        String meta = c.getMetaObject().getMetaSimpleName();
        switch (meta) {
            case "int" -> {
                if (c.fitsInLong()) {
                    return c.asLong();
                }
                if (c.fitsInBigInteger()) {
                    return c.asBigInteger();
                }
                return new BigInteger(c.toString());
            }
            case "float" -> {
                return c.asDouble();
            }
            case "complex" -> {
                return new PyConst.Complex(c.getMember("real").asDouble(), c.getMember("imag").asDouble());
            }
            case "bytes" -> {
                int n = (int) c.getBufferSize();
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = c.readBufferByte(i);
                }
                return new PyConst.Bytes(b);
            }
            case "ellipsis" -> {
                return PyConst.ELLIPSIS;
            }
            default -> {
                return new PyConst.Opaque();
            }
        }
    }
}
