package io.faas.validation.internal;

import io.faas.core.ValidationReport;

/**
 * Finds syntax that Python 3.12 accepts and 3.11 refuses (PEP 695 type aliases and type
 * parameters), and reports it as CPython 3.11 does.
 */
final class NewerSyntax {
    private NewerSyntax() {
    }

    static ValidationReport find(PyNode module, String source, SourceLines lines) {
        ValidationReport r = visit(module, lines);
        if (r != null) {
            return r;
        }
        if (source.indexOf('{') >= 0) {
            LiteTokenizer.Problem p = FStrings311.check(lines);
            if (p != null) {
                return SyntaxErrors.error(p.line(), p.col(), p.message(), lines.line(p.line()));
            }
        }
        return null;
    }

    private static ValidationReport visit(PyNode node, SourceLines lines) {
        if (node == null || node.shape == null) {
            return null;
        }
        switch (node.type) {
            case "TypeAlias" -> {
                PyNode name = node.node("name");
                return SyntaxErrors.error(name.line, name.col + 1, "invalid syntax", lines.line(name.line));
            }
            case "FunctionDef", "AsyncFunctionDef", "ClassDef" -> {
                if (!node.list("type_params").isEmpty()) {
                    String text = lines.line(node.line);
                    int at = text == null ? -1 : text.indexOf('[', Math.max(0, text.indexOf(node.str("name"))));
                    String message = node.is("ClassDef") ? "invalid syntax" : "expected '('";
                    return SyntaxErrors.error(node.line, at < 0 ? 1 : SourceLines.utf8Length(text.substring(0, at)) + 1,
                            message, text);
                }
            }
            default -> {
            }
        }
        for (Object v : node.values) {
            if (v instanceof PyNode c) {
                ValidationReport r = visit(c, lines);
                if (r != null) {
                    return r;
                }
            } else if (v instanceof java.util.List<?> list) {
                for (Object o : list) {
                    if (o instanceof PyNode c) {
                        ValidationReport r = visit(c, lines);
                        if (r != null) {
                            return r;
                        }
                    }
                }
            }
        }
        return null;
    }
}
