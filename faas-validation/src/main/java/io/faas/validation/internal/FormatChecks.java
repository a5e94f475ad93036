package io.faas.validation.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The {@code '...'.format(...)} and {@code '...' % ...} argument checks. */
final class FormatChecks {
    private FormatChecks() {
    }

    @FunctionalInterface
    interface Reporter {
        void report(PyNode at, String kind, String text);
    }

    private static final String VALID_CONVERSIONS = "diouxXeEfFgGcrsa%";

    /** Field keys collected from a str.format string: Integer positions and String names. */
    private static final class Keys {
        Boolean auto;
        int nextAuto;
        final Set<Integer> positional = new HashSet<>();
        final Set<String> named = new HashSet<>();

        /** Returns true when numbering is mixed (the caller reports and stops). */
        boolean add(String key) {
            if (key == null) {
                return false;
            }
            int dot = key.indexOf('.');
            if (dot >= 0) {
                key = key.substring(0, dot);
            }
            int bracket = key.indexOf('[');
            if (bracket >= 0) {
                key = key.substring(0, bracket);
            }
            Integer number = pythonInt(key);
            if (number != null) {
                if (Boolean.TRUE.equals(auto)) {
                    return true;
                }
                auto = false;
            }
            if (key.isEmpty()) {
                if (Boolean.FALSE.equals(auto)) {
                    return true;
                }
                auto = true;
                number = nextAuto++;
            }
            if (number != null) {
                positional.add(number);
            } else {
                named.add(key);
            }
            return false;
        }
    }

    /** What Python's {@code int(s)} accepts, for the small integers format fields use; null otherwise. */
    static Integer pythonInt(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            negative = t.charAt(0) == '-';
            i = 1;
        }
        if (i >= t.length()) {
            return null;
        }
        long value = 0;
        boolean lastUnderscore = true;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '_') {
                if (lastUnderscore) {
                    return null;
                }
                lastUnderscore = true;
                continue;
            }
            int d = Character.digit(c, 10);
            if (d < 0 || !Character.isDigit(c)) {
                return null;
            }
            value = Math.min(value * 10 + d, Integer.MAX_VALUE);
            lastUnderscore = false;
        }
        if (lastUnderscore) {
            return null;
        }
        return (int) (negative ? -value : value);
    }

    static void dotFormat(PyNode call, String format, Reporter reporter) {
        List<FormatStrings.Field> fields;
        try {
            fields = FormatStrings.braceFields(format);
        } catch (FormatStrings.FormatError e) {
            reporter.report(call, "StringDotFormatInvalidFormat",
                    "'...'.format(...) has invalid format string: " + e.getMessage());
            return;
        }
        Keys keys = new Keys();
        for (FormatStrings.Field f : fields) {
            if (keys.add(f.name())) {
                mixing(call, reporter);
                return;
            }
            if (f.spec() != null) {
                List<FormatStrings.Field> nested;
                try {
                    nested = FormatStrings.braceFields(f.spec());
                } catch (FormatStrings.FormatError e) {
                    reporter.report(call, "StringDotFormatInvalidFormat",
                            "'...'.format(...) has invalid format string: " + e.getMessage());
                    return;
                }
                for (FormatStrings.Field n : nested) {
                    if (n.spec() != null && n.spec().contains("{")) {
                        reporter.report(call, "StringDotFormatInvalidFormat",
                                "'...'.format(...) has invalid format string: Max string recursion exceeded");
                        return;
                    }
                    if (keys.add(n.name())) {
                        mixing(call, reporter);
                        return;
                    }
                }
            }
        }
        List<PyNode> args = call.list("args");
        List<PyNode> keywords = call.list("keywords");
        for (PyNode a : args) {
            if (a.is("Starred")) {
                return;
            }
        }
        for (PyNode k : keywords) {
            if (k.str("arg") == null) {
                return;
            }
        }
        Set<String> extraPositional = new TreeSet<>();
        for (int i = 0; i < args.size(); i++) {
            if (!keys.positional.contains(i)) {
                extraPositional.add(String.valueOf(i));
            }
        }
        Set<String> kwNames = new LinkedHashSet<>();
        for (PyNode k : keywords) {
            kwNames.add(k.str("arg"));
        }
        Set<String> extraNamed = new TreeSet<>();
        for (String k : kwNames) {
            if (!keys.named.contains(k)) {
                extraNamed.add(k);
            }
        }
        Set<String> missing = new TreeSet<>();
        for (int p : keys.positional) {
            if (p < 0 || p >= args.size()) {
                missing.add(String.valueOf(p));
            }
        }
        for (String n : keys.named) {
            if (!kwNames.contains(n)) {
                missing.add(n);
            }
        }
        if (!extraPositional.isEmpty()) {
            reporter.report(call, "StringDotFormatExtraPositionalArguments",
                    "'...'.format(...) has unused arguments at position(s): " + join(extraPositional));
        }
        if (!extraNamed.isEmpty()) {
            reporter.report(call, "StringDotFormatExtraNamedArguments",
                    "'...'.format(...) has unused named argument(s): " + join(extraNamed));
        }
        if (!missing.isEmpty()) {
            reporter.report(call, "StringDotFormatMissingArgument",
                    "'...'.format(...) is missing argument(s) for placeholder(s): " + join(missing));
        }
    }

    private static void mixing(PyNode call, Reporter reporter) {
        reporter.report(call, "StringDotFormatMixingAutomatic", "'...'.format(...) mixes automatic and manual numbering");
    }

    /** Python's {@code ', '.join(sorted(strings))}: code-point order, which TreeSet's String order matches for BMP text. */
    private static String join(Collection<String> sorted) {
        return String.join(", ", sorted);
    }

    static void percentFormat(PyNode binOp, String format, Reporter reporter) {
        List<FormatStrings.Percent> placeholders;
        try {
            placeholders = FormatStrings.percentFields(format);
        } catch (FormatStrings.FormatError e) {
            reporter.report(binOp, "PercentFormatInvalidFormat", "'...' % ... has invalid format string: incomplete format");
            return;
        }
        Set<String> named = new HashSet<>();
        int positionalCount = 0;
        Boolean positional = null;
        for (FormatStrings.Percent p : placeholders) {
            char conversion = p.conversion();
            if (conversion == '%') {
                continue;
            }
            if (VALID_CONVERSIONS.indexOf(conversion) < 0) {
                reporter.report(binOp, "PercentFormatUnsupportedFormatCharacter",
                        "'...' % ... has unsupported format character " + PyRepr.str(String.valueOf(conversion)));
            }
            if (positional == null) {
                positional = p.key() == null;
            }
            for (String part : new String[] {p.width(), p.precision()}) {
                if (part != null && part.contains("*")) {
                    if (!positional) {
                        reporter.report(binOp, "PercentFormatStarRequiresSequence",
                                "'...' % ... `*` specifier requires sequence");
                    } else {
                        positionalCount++;
                    }
                }
            }
            if (positional && p.key() != null) {
                reporter.report(binOp, "PercentFormatMixedPositionalAndNamed",
                        "'...' % ... has mixed positional and named placeholders");
                return;
            } else if (!positional && p.key() == null) {
                reporter.report(binOp, "PercentFormatMixedPositionalAndNamed",
                        "'...' % ... has mixed positional and named placeholders");
                return;
            }
            if (positional) {
                positionalCount++;
            } else {
                named.add(p.key());
            }
        }
        PyNode right = binOp.node("right");
        if ((right.is("List") || right.is("Tuple")) && right.list("elts").stream().noneMatch(e -> e.is("Starred"))) {
            int substitutions = right.list("elts").size();
            if (Boolean.TRUE.equals(positional) && positionalCount != substitutions) {
                reporter.report(binOp, "PercentFormatPositionalCountMismatch", "'...' % ... has " + positionalCount
                        + " placeholder(s) but " + substitutions + " substitution(s)");
            } else if (!Boolean.TRUE.equals(positional)) {
                reporter.report(binOp, "PercentFormatExpectedMapping", "'...' % ... expected mapping but got sequence");
            }
        }
        if (right.is("Dict") && right.list("keys").stream().allMatch(k -> k != null && k.isStr())) {
            if (Boolean.TRUE.equals(positional) && positionalCount > 1) {
                reporter.report(binOp, "PercentFormatExpectedSequence", "'...' % ... expected sequence but got mapping");
                return;
            }
            Set<String> keys = new HashSet<>();
            for (PyNode k : right.list("keys")) {
                keys.add((String) k.values[0]);
            }
            Set<String> extra = new TreeSet<>(keys);
            extra.removeAll(named);
            Set<String> missing = new TreeSet<>(named);
            missing.removeAll(keys);
            if (!Boolean.TRUE.equals(positional) && !extra.isEmpty()) {
                reporter.report(binOp, "PercentFormatExtraNamedArguments",
                        "'...' % ... has unused named argument(s): " + join(extra));
            }
            if (!Boolean.TRUE.equals(positional) && !missing.isEmpty()) {
                reporter.report(binOp, "PercentFormatMissingArgument",
                        "'...' % ... is missing argument(s) for placeholder(s): " + join(missing));
            }
        }
    }
}
