package io.faas.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A content filter: an Amazon EventBridge event pattern that an event must match to start a
 * function. The pattern is checked and compiled once, by {@link #of}; matching then walks the
 * already decoded event without parsing or copying it.
 *
 * <p>The pattern is a JSON object written as Java maps, lists, strings, numbers, booleans and
 * {@code null} (what a JSON library decodes). Each field is either a nested object or a list of
 * alternatives, any of which may match: exact values ({@code "created"}, {@code 100}, {@code true},
 * {@code null}) and the operators {@code prefix}, {@code suffix} (both also
 * {@code {"equals-ignore-case": ...}}), {@code equals-ignore-case}, {@code wildcard},
 * {@code anything-but} (a value, a list of strings or of numbers, or {@code prefix}, {@code suffix},
 * {@code equals-ignore-case}, {@code wildcard}), {@code numeric} ({@code =}, {@code <}, {@code <=},
 * {@code >}, {@code >=}, one bound or a lower and an upper one) and {@code exists}. Fields of an
 * object must all match; {@code "$or": [{...}, {...}]} matches if any of its patterns does.
 *
 * <p>Matching follows EventBridge: a field whose value is an array matches if any element does
 * (arrays of objects: the nested pattern must match within one element); strings and numbers
 * never equal each other ({@code "100"} is not {@code 100}, but {@code 100} is {@code 100.0});
 * {@code numeric} sees only numbers; a missing field matches only {@code {"exists": false}};
 * {@code exists} looks at leaf values, so a field that holds an object or an empty array does not
 * exist for it. On the top level, {@value #KEY} matches the event's key (text; absent when the
 * record has none) and {@value #HEADERS} its headers (an object of header names); a payload's own
 * fields of those names cannot be matched.
 *
 * <p>Immutable and thread-safe; two filters are equal when their patterns are.
 *
 * @since 0.2
 */
public final class EventFilter {

    /** Reserved top-level field that matches the event's key. */
    public static final String KEY = "$key";
    /** Reserved top-level field that matches the event's headers, an object of header names. */
    public static final String HEADERS = "$headers";
    /** Field whose list of patterns matches if any of them does. */
    public static final String OR = "$or";
    /** Deepest nesting of arrays and objects a pattern may have. */
    public static final int MAX_DEPTH = 32;

    private static final String OPERATORS = "prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric"
            + " or exists";
    private static final Map<String, Object> EMPTY = Map.of();

    private final Map<String, Object> pattern;
    private final Fields root;

    private EventFilter(Map<String, Object> pattern, Fields root) {
        this.pattern = pattern;
        this.root = root;
    }

    /**
     * Checks and compiles a pattern.
     *
     * @param pattern a JSON object as maps, lists, strings, numbers, booleans and {@code null}
     * @throws InvalidFilterException naming the first part of the pattern that is not acceptable
     */
    public static EventFilter of(Map<String, ?> pattern) {
        if (pattern == null) {
            throw new InvalidFilterException("", "a filter must be a JSON object of fields to match");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> normal = (Map<String, Object>) normalize(pattern, "", 0);
        return new EventFilter(normal, compileObject(normal, "", true, 1));
    }

    /** The pattern as given, numbers as {@link Long} when whole and as {@link Double} otherwise. Unmodifiable. */
    public Map<String, Object> pattern() {
        return pattern;
    }

    /**
     * Whether an event matches.
     *
     * @param payload the decoded JSON payload (maps, lists, strings, numbers, booleans, {@code null});
     *                {@code null} too when the payload is not JSON, so that only {@value #KEY} and
     *                {@value #HEADERS} can match
     * @param key     the event's key, {@code null} when it has none
     * @param headers the event's headers, {@code null} taken as none
     */
    public boolean matches(Object payload, String key, Map<String, String> headers) {
        return root.test(payload instanceof Map<?, ?> m ? m : EMPTY, key, key != null,
                headers == null ? EMPTY : headers, true);
    }

    /**
     * Whether an event written as one JSON object matches: its payload fields, and its key and headers
     * as the reserved fields {@value #KEY} (text, or {@code null} for none) and {@value #HEADERS} (an
     * object). What a dry run of a filter takes.
     */
    public boolean matches(Object document) {
        if (!(document instanceof Map<?, ?> m)) {
            return root.test(EMPTY, null, false, EMPTY, false);
        }
        Object key = m.get(KEY);
        Object headers = m.get(HEADERS);
        return root.test(m, key, key != null, headers, headers != null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventFilter other && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return "EventFilter" + pattern;
    }

    // ---- checking and normalizing the tree ------------------------------------------------

    private static Object normalize(Object value, String path, int depth) {
        if (depth > 2 * MAX_DEPTH) {
            throw new InvalidFilterException(path, "is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            return number(n, path);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String name)) {
                    throw new InvalidFilterException(path, "field names must be text");
                }
                out.put(name, normalize(e.getValue(), join(path, name), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(normalize(element, path, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        throw new InvalidFilterException(path, "holds a value that is not JSON");
    }

    private static Object number(Number n, String path) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new InvalidFilterException(path, "numbers must be finite");
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return (long) d;
        }
        return d;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return "a list";
    }

    // ---- compiling ------------------------------------------------------------------------

    private static Fields compileObject(Map<?, ?> object, String path, boolean top, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidFilterException(path, "objects are nested deeper than " + MAX_DEPTH + " levels");
        }
        if (object.isEmpty() && !top) {
            throw new InvalidFilterException(path, "an empty object matches nothing in particular; name at least"
                    + " one field");
        }
        List<Field> fields = new ArrayList<>();
        List<Fields[]> ors = new ArrayList<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            String name = (String) e.getKey();
            String at = join(path, name);
            Object value = e.getValue();
            if (name.equals(OR)) {
                ors.add(compileOr(value, at, top, depth));
                continue;
            }
            int slot = !top ? Field.PAYLOAD : name.equals(KEY) ? Field.KEY : name.equals(HEADERS) ? Field.HEADERS
                    : Field.PAYLOAD;
            if (value instanceof Map<?, ?> nested) {
                if (slot == Field.KEY) {
                    throw new InvalidFilterException(at, "the key is text: match it with a list, such as"
                            + " [\"order-1\"] or [{\"prefix\": \"order-\"}]");
                }
                fields.add(new Field(name, slot, compileObject(nested, at, false, depth + 1), null));
            } else if (value instanceof List<?> list) {
                if (slot == Field.HEADERS) {
                    throw new InvalidFilterException(at, "headers are matched by name, such as"
                            + " {\"source\": [\"web\"]}");
                }
                fields.add(new Field(name, slot, null, compileLeaf(list, at)));
            } else {
                throw new InvalidFilterException(at, "must be a list of values to match, such as [\"created\"],"
                        + " or an object of nested fields; found " + describe(value));
            }
        }
        return new Fields(fields.toArray(Field[]::new), ors.toArray(Fields[][]::new));
    }

    private static Fields[] compileOr(Object value, String at, boolean top, int depth) {
        if (!(value instanceof List<?> list) || list.size() < 2) {
            throw new InvalidFilterException(at, "$or needs a list of at least two patterns, such as"
                    + " [{\"type\": [\"a\"]}, {\"amount\": [{\"numeric\": [\">\", 0]}]}]");
        }
        Fields[] branches = new Fields[list.size()];
        for (int i = 0; i < list.size(); i++) {
            String branch = at + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
                throw new InvalidFilterException(branch, "each pattern of $or is an object with at least one field");
            }
            branches[i] = compileObject(m, branch, top, depth + 1);
        }
        return branches;
    }

    private static Leaf compileLeaf(List<?> values, String at) {
        if (values.isEmpty()) {
            throw new InvalidFilterException(at, "an empty list matches nothing; list at least one value or operator");
        }
        Set<String> strings = new HashSet<>();
        List<Double> numbers = new ArrayList<>();
        boolean[] literals = new boolean[3]; // null, true, false
        List<Test> tests = new ArrayList<>();
        Boolean exists = null;
        for (Object v : values) {
            if (v == null) {
                literals[0] = true;
            } else if (v instanceof String s) {
                strings.add(s);
            } else if (v instanceof Number n) {
                numbers.add(n.doubleValue());
            } else if (v instanceof Boolean b) {
                literals[b ? 1 : 2] = true;
            } else if (v instanceof Map<?, ?> operator) {
                if (operator.size() == 1 && operator.containsKey("exists")) {
                    if (!(operator.get("exists") instanceof Boolean b)) {
                        throw new InvalidFilterException(at, "exists needs true or false");
                    }
                    if (exists != null && exists != b) {
                        throw new InvalidFilterException(at, "exists cannot be both true and false");
                    }
                    exists = b;
                } else {
                    tests.add(operator(operator, at));
                }
            } else {
                throw new InvalidFilterException(at, "a list inside a list is not a pattern; list values and"
                        + " operators such as {\"prefix\": \"a\"}");
            }
        }
        return new Leaf(Set.copyOf(strings), sortedDoubles(numbers), literals[0], literals[1], literals[2],
                tests.toArray(Test[]::new), Boolean.TRUE.equals(exists), Boolean.FALSE.equals(exists));
    }

    private static double[] sortedDoubles(List<Double> numbers) {
        double[] out = new double[numbers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.get(i) + 0.0; // -0.0 becomes 0.0, as JSON compares them
        }
        Arrays.sort(out);
        return out;
    }

    private static Test operator(Map<?, ?> operator, String at) {
        if (operator.size() != 1) {
            throw new InvalidFilterException(at, "an operator is an object with exactly one key, such as"
                    + " {\"prefix\": \"a\"}; use one of " + OPERATORS);
        }
        Map.Entry<?, ?> e = operator.entrySet().iterator().next();
        String name = (String) e.getKey();
        Object arg = e.getValue();
        return switch (name) {
            case "prefix" -> affix(name, arg, at, true);
            case "suffix" -> affix(name, arg, at, false);
            case "equals-ignore-case" -> new EqualsIgnoreCase(text(name, arg, at));
            case "wildcard" -> Wildcard.of(text(name, arg, at), at);
            case "numeric" -> Numeric.of(arg, at);
            case "anything-but" -> anythingBut(arg, at);
            case "cidr" -> throw new InvalidFilterException(at, "cidr is not supported; use " + OPERATORS);
            default -> throw new InvalidFilterException(at, "unknown operator '" + name + "'; use one of "
                    + OPERATORS);
        };
    }

    private static String text(String operator, Object arg, String at) {
        if (!(arg instanceof String s)) {
            throw new InvalidFilterException(at, operator + " needs text, not " + describe(arg));
        }
        return s;
    }

    private static Test affix(String name, Object arg, String at, boolean prefix) {
        if (arg instanceof Map<?, ?> m && m.size() == 1 && m.get("equals-ignore-case") instanceof String s) {
            return new Affix(s, prefix, true);
        }
        if (!(arg instanceof String s)) {
            throw new InvalidFilterException(at, name + " needs text or {\"equals-ignore-case\": text}, not "
                    + describe(arg));
        }
        return new Affix(s, prefix, false);
    }

    private static Test anythingBut(Object arg, String at) {
        String usage = "anything-but needs text, a number, a list of texts or of numbers, or one of prefix,"
                + " suffix, equals-ignore-case, wildcard as {\"prefix\": text}";
        if (arg instanceof String || arg instanceof Number) {
            return new Not(compileLeaf(List.of(arg), at), false);
        }
        if (arg instanceof List<?> list) {
            boolean texts = list.stream().allMatch(v -> v instanceof String);
            boolean numbers = list.stream().allMatch(v -> v instanceof Number);
            if (list.isEmpty() || !(texts || numbers)) {
                throw new InvalidFilterException(at, usage);
            }
            return new Not(compileLeaf(list, at), false);
        }
        if (arg instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> e = m.entrySet().iterator().next();
            String name = (String) e.getKey();
            Object inner = e.getValue();
            Test test = switch (name) {
                case "prefix", "suffix" -> affix(name, inner, at, name.equals("prefix"));
                case "equals-ignore-case", "wildcard" -> anyOf(name, inner, at);
                default -> throw new InvalidFilterException(at, usage);
            };
            return new Not(test, true);
        }
        throw new InvalidFilterException(at, usage);
    }

    /** {@code equals-ignore-case} or {@code wildcard} of one text or a list of them (inside anything-but). */
    private static Test anyOf(String name, Object inner, String at) {
        List<?> texts = inner instanceof List<?> l ? l : Collections.singletonList(inner);
        if (texts.isEmpty()) {
            throw new InvalidFilterException(at, name + " needs text or a list of texts");
        }
        Test[] tests = new Test[texts.size()];
        for (int i = 0; i < tests.length; i++) {
            String s = text(name, texts.get(i), at);
            tests[i] = name.equals("wildcard") ? Wildcard.of(s, at) : new EqualsIgnoreCase(s);
        }
        return value -> {
            for (Test t : tests) {
                if (t.test(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    // ---- matching -------------------------------------------------------------------------

    /** A test of one leaf value: text, a number, a boolean or null. */
    @FunctionalInterface
    private interface Test {
        boolean test(Object value);
    }

    /** The fields of an object pattern, all of which must match, and its {@code $or} groups. */
    private record Fields(Field[] fields, Fields[][] ors) {

        boolean test(Map<?, ?> object, Object key, boolean hasKey, Object headers, boolean hasHeaders) {
            for (Field f : fields) {
                Object value;
                boolean present;
                switch (f.slot) {
                    case Field.KEY -> {
                        value = key;
                        present = hasKey;
                    }
                    case Field.HEADERS -> {
                        value = headers;
                        present = hasHeaders;
                    }
                    default -> {
                        value = object.get(f.name);
                        present = value != null || object.containsKey(f.name);
                    }
                }
                if (!f.test(value, present)) {
                    return false;
                }
            }
            for (Fields[] group : ors) {
                boolean any = false;
                for (Fields branch : group) {
                    if (branch.test(object, key, hasKey, headers, hasHeaders)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }

        boolean test(Map<?, ?> object) {
            return test(object, null, false, EMPTY, false);
        }
    }

    private record Field(String name, int slot, Fields nested, Leaf leaf) {
        static final int PAYLOAD = 0;
        static final int KEY = 1;
        static final int HEADERS = 2;

        boolean test(Object value, boolean present) {
            if (leaf != null) {
                return leaf.test(value, present);
            }
            if (value instanceof Map<?, ?> m) {
                return nested.test(m);
            }
            int inList = value instanceof List<?> l ? objectsIn(l) : NO_OBJECT;
            // a missing field, or one without objects, is an empty object to the nested pattern
            return inList == MATCH || inList == NO_OBJECT && nested.test(EMPTY);
        }

        private static final int NO_OBJECT = 0;
        private static final int MATCH = 1;
        private static final int MISS = 2;

        private int objectsIn(List<?> list) {
            boolean sawObject = false;
            for (Object e : list) {
                if (e instanceof Map<?, ?> m) {
                    if (nested.test(m)) {
                        return MATCH;
                    }
                    sawObject = true;
                } else if (e instanceof List<?> inner) {
                    int r = objectsIn(inner);
                    if (r == MATCH) {
                        return MATCH;
                    }
                    sawObject |= r == MISS;
                }
            }
            return sawObject ? MISS : NO_OBJECT;
        }
    }

    /** A list of alternatives for one field: exact values, operators and {@code exists}. */
    private record Leaf(Set<String> strings, double[] numbers, boolean matchNull, boolean matchTrue,
                        boolean matchFalse, Test[] tests, boolean existsTrue, boolean existsFalse) implements Test {

        boolean test(Object value, boolean present) {
            if (!present) {
                return existsFalse;
            }
            return anyLeaf(value) || existsFalse && !hasLeaf(value);
        }

        private boolean anyLeaf(Object value) {
            if (value instanceof List<?> list) {
                for (Object e : list) {
                    if (anyLeaf(e)) {
                        return true;
                    }
                }
                return false;
            }
            return !(value instanceof Map) && (existsTrue || test(value));
        }

        private static boolean hasLeaf(Object value) {
            if (value instanceof List<?> list) {
                for (Object e : list) {
                    if (hasLeaf(e)) {
                        return true;
                    }
                }
                return false;
            }
            return !(value instanceof Map);
        }

        /** Whether one leaf value equals a listed value or passes an operator. */
        @Override
        public boolean test(Object value) {
            if (value == null) {
                if (matchNull) {
                    return true;
                }
            } else if (value instanceof String s) {
                if (strings.contains(s)) {
                    return true;
                }
            } else if (value instanceof Boolean b) {
                if (b ? matchTrue : matchFalse) {
                    return true;
                }
            } else if (value instanceof Number n && numbers.length > 0
                    && Arrays.binarySearch(numbers, n.doubleValue() + 0.0) >= 0) {
                return true;
            }
            for (Test t : tests) {
                if (t.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Affix(String text, boolean prefix, boolean ignoreCase) implements Test {
        @Override
        public boolean test(Object value) {
            if (!(value instanceof String s) || s.length() < text.length()) {
                return false;
            }
            return s.regionMatches(ignoreCase, prefix ? 0 : s.length() - text.length(), text, 0, text.length());
        }
    }

    private record EqualsIgnoreCase(String text) implements Test {
        @Override
        public boolean test(Object value) {
            return value instanceof String s && s.equalsIgnoreCase(text);
        }
    }

    /** {@code anything-but}: any leaf value the inner test refuses; only text for the text operators. */
    private record Not(Test inner, boolean textOnly) implements Test {
        @Override
        public boolean test(Object value) {
            return (!textOnly || value instanceof String) && !inner.test(value);
        }
    }

    private record Numeric(double low, boolean lowInclusive, double high, boolean highInclusive) implements Test {
        private static final String USAGE = "numeric needs a comparison and a number, such as [\">\", 0],"
                + " [\"=\", 5] or [\">=\", 0, \"<\", 100]";

        static Numeric of(Object arg, String at) {
            if (!(arg instanceof List<?> list) || list.isEmpty() || list.size() % 2 != 0 || list.size() > 4) {
                throw new InvalidFilterException(at, USAGE);
            }
            double low = Double.NEGATIVE_INFINITY;
            double high = Double.POSITIVE_INFINITY;
            boolean lowInclusive = false;
            boolean highInclusive = false;
            boolean hasLow = false;
            boolean hasHigh = false;
            for (int i = 0; i < list.size(); i += 2) {
                if (!(list.get(i) instanceof String op)) {
                    throw new InvalidFilterException(at, USAGE);
                }
                if (!(list.get(i + 1) instanceof Number n)) {
                    throw new InvalidFilterException(at, "numeric needs a number after '" + op + "', not "
                            + describe(list.get(i + 1)));
                }
                double x = n.doubleValue();
                switch (op) {
                    case "=" -> {
                        if (list.size() != 2) {
                            throw new InvalidFilterException(at, "numeric takes '=' alone, such as [\"=\", 5]");
                        }
                        return new Numeric(x, true, x, true);
                    }
                    case ">", ">=" -> {
                        if (hasLow) {
                            throw new InvalidFilterException(at, "numeric has two lower bounds; " + USAGE);
                        }
                        hasLow = true;
                        low = x;
                        lowInclusive = op.equals(">=");
                    }
                    case "<", "<=" -> {
                        if (hasHigh) {
                            throw new InvalidFilterException(at, "numeric has two upper bounds; " + USAGE);
                        }
                        hasHigh = true;
                        high = x;
                        highInclusive = op.equals("<=");
                    }
                    default -> throw new InvalidFilterException(at, "numeric does not know the comparison '" + op
                            + "'; use =, <, <=, > or >=");
                }
            }
            if (low > high || low == high && !(lowInclusive && highInclusive)) {
                throw new InvalidFilterException(at, "numeric range is empty: the lower bound must be below the"
                        + " upper bound");
            }
            return new Numeric(low, lowInclusive, high, highInclusive);
        }

        @Override
        public boolean test(Object value) {
            if (!(value instanceof Number n)) {
                return false;
            }
            double x = n.doubleValue();
            return (lowInclusive ? x >= low : x > low) && (highInclusive ? x <= high : x < high);
        }
    }

    /**
     * {@code *} stands for any text, {@code \*} for a star and {@code \\} for a backslash. Kept as the
     * literal parts between the stars, matched leftmost first, which is exact for stars alone.
     */
    private record Wildcard(String[] parts) implements Test {

        static Wildcard of(String pattern, String at) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            boolean lastWasStar = false;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '*') {
                    if (lastWasStar) {
                        throw new InvalidFilterException(at, "wildcard cannot have two '*' in a row");
                    }
                    parts.add(part.toString());
                    part.setLength(0);
                    lastWasStar = true;
                    continue;
                }
                lastWasStar = false;
                if (c == '\\') {
                    char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                    if (next != '*' && next != '\\') {
                        throw new InvalidFilterException(at, "wildcard escapes only '*' and '\\' with a backslash");
                    }
                    i++;
                    c = next;
                }
                part.append(c);
            }
            parts.add(part.toString());
            return new Wildcard(parts.toArray(String[]::new));
        }

        @Override
        public boolean test(Object value) {
            if (!(value instanceof String s)) {
                return false;
            }
            String first = parts[0];
            if (parts.length == 1) {
                return s.equals(first);
            }
            String last = parts[parts.length - 1];
            if (s.length() < first.length() + last.length() || !s.startsWith(first) || !s.endsWith(last)) {
                return false;
            }
            int from = first.length();
            int end = s.length() - last.length();
            for (int i = 1; i < parts.length - 1; i++) {
                int at = s.indexOf(parts[i], from);
                if (at < 0 || at + parts[i].length() > end) {
                    return false;
                }
                from = at + parts[i].length();
            }
            return true;
        }
    }

}
