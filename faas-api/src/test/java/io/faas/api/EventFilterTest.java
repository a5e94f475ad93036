package io.faas.api;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }

    static EventFilter filter(String json) {
        return EventFilter.of(object(json));
    }

    /** Whether the payload, with no key and no headers, matches. */
    static boolean matches(String pattern, String payload) {
        return filter(pattern).matches(JSON.readValue(payload, Object.class), null, Map.of());
    }

    static void invalid(String pattern, String message) {
        assertThatThrownBy(() -> filter(pattern)).isInstanceOf(InvalidFilterException.class).hasMessage(message);
    }

    @Nested
    class ExactValues {
        @Test
        void anyListedValueMatches() {
            String p = "{\"type\": [\"created\", \"updated\"]}";
            assertThat(matches(p, "{\"type\": \"created\"}")).isTrue();
            assertThat(matches(p, "{\"type\": \"updated\"}")).isTrue();
            assertThat(matches(p, "{\"type\": \"deleted\"}")).isFalse();
            assertThat(matches(p, "{\"type\": \"Created\"}")).isFalse();
        }

        @Test
        void numbersAndTextNeverEqualEachOther() {
            assertThat(matches("{\"n\": [100]}", "{\"n\": 100}")).isTrue();
            assertThat(matches("{\"n\": [100]}", "{\"n\": 100.0}")).isTrue();
            assertThat(matches("{\"n\": [1.5]}", "{\"n\": 1.50}")).isTrue();
            assertThat(matches("{\"n\": [100]}", "{\"n\": \"100\"}")).isFalse();
            assertThat(matches("{\"n\": [\"100\"]}", "{\"n\": 100}")).isFalse();
            assertThat(matches("{\"n\": [0]}", "{\"n\": -0.0}")).isTrue();
        }

        @Test
        void booleansNullAndEmptyText() {
            assertThat(matches("{\"b\": [true]}", "{\"b\": true}")).isTrue();
            assertThat(matches("{\"b\": [true]}", "{\"b\": false}")).isFalse();
            assertThat(matches("{\"b\": [true]}", "{\"b\": \"true\"}")).isFalse();
            assertThat(matches("{\"v\": [null]}", "{\"v\": null}")).isTrue();
            assertThat(matches("{\"v\": [null]}", "{}")).isFalse();
            assertThat(matches("{\"v\": [\"\"]}", "{\"v\": \"\"}")).isTrue();
            assertThat(matches("{\"v\": [\"\"]}", "{\"v\": null}")).isFalse();
        }

        @Test
        void aMissingFieldDoesNotMatch() {
            assertThat(matches("{\"type\": [\"created\"]}", "{\"other\": \"created\"}")).isFalse();
            assertThat(matches("{\"type\": [\"created\"]}", "[1, 2]")).isFalse();
            assertThat(matches("{\"type\": [\"created\"]}", "\"created\"")).isFalse();
        }

        @Test
        void everyFieldMustMatch() {
            String p = "{\"type\": [\"created\"], \"amount\": [{\"numeric\": [\">\", 100]}]}";
            assertThat(matches(p, "{\"type\": \"created\", \"amount\": 150}")).isTrue();
            assertThat(matches(p, "{\"type\": \"created\", \"amount\": 50}")).isFalse();
            assertThat(matches(p, "{\"type\": \"updated\", \"amount\": 150}")).isFalse();
        }

        @Test
        void theEmptyPatternMatchesEverything() {
            assertThat(matches("{}", "{\"a\": 1}")).isTrue();
            assertThat(matches("{}", "42")).isTrue();
        }
    }

    @Nested
    class NestingAndArrays {
        @Test
        void nestedObjectsMatchNestedFields() {
            String p = "{\"detail\": {\"state\": [\"running\"], \"zone\": {\"id\": [1]}}}";
            assertThat(matches(p, "{\"detail\": {\"state\": \"running\", \"zone\": {\"id\": 1}}}")).isTrue();
            assertThat(matches(p, "{\"detail\": {\"state\": \"running\", \"zone\": {\"id\": 2}}}")).isFalse();
            assertThat(matches(p, "{\"detail\": {\"state\": \"running\"}}")).isFalse();
            assertThat(matches(p, "{\"detail\": \"running\"}")).isFalse();
            assertThat(matches(p, "{}")).isFalse();
        }

        @Test
        void anArrayFieldMatchesIfAnyElementDoes() {
            String p = "{\"tags\": [\"urgent\", \"vip\"]}";
            assertThat(matches(p, "{\"tags\": [\"x\", \"vip\"]}")).isTrue();
            assertThat(matches(p, "{\"tags\": [\"x\", [\"urgent\"]]}")).isTrue();
            assertThat(matches(p, "{\"tags\": [\"x\", \"y\"]}")).isFalse();
            assertThat(matches(p, "{\"tags\": []}")).isFalse();
            assertThat(matches("{\"n\": [{\"numeric\": [\">\", 10]}]}", "{\"n\": [1, 20]}")).isTrue();
        }

        @Test
        void aNestedPatternMatchesWithinOneElementOfAnArrayOfObjects() {
            String p = "{\"items\": {\"sku\": [\"a\"], \"qty\": [2]}}";
            assertThat(matches(p, "{\"items\": [{\"sku\": \"b\", \"qty\": 2}, {\"sku\": \"a\", \"qty\": 2}]}")).isTrue();
            assertThat(matches(p, "{\"items\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\", \"qty\": 2}]}")).isFalse();
            assertThat(matches(p, "{\"items\": []}")).isFalse();
        }

        @Test
        void aLeafPatternDoesNotMatchAnObject() {
            assertThat(matches("{\"a\": [\"x\"]}", "{\"a\": {\"b\": \"x\"}}")).isFalse();
        }
    }

    @Nested
    class Operators {
        @Test
        void prefixAndSuffix() {
            assertThat(matches("{\"t\": [{\"prefix\": \"2017-10\"}]}", "{\"t\": \"2017-10-02\"}")).isTrue();
            assertThat(matches("{\"t\": [{\"prefix\": \"2017-10\"}]}", "{\"t\": \"2018-10-02\"}")).isFalse();
            assertThat(matches("{\"t\": [{\"prefix\": \"\"}]}", "{\"t\": \"anything\"}")).isTrue();
            assertThat(matches("{\"t\": [{\"prefix\": \"1\"}]}", "{\"t\": 10}")).isFalse();
            assertThat(matches("{\"f\": [{\"suffix\": \".png\"}]}", "{\"f\": \"a.png\"}")).isTrue();
            assertThat(matches("{\"f\": [{\"suffix\": \".png\"}]}", "{\"f\": \"a.PNG\"}")).isFalse();
            assertThat(matches("{\"f\": [{\"suffix\": \"long.png\"}]}", "{\"f\": \"g.png\"}")).isFalse();
        }

        @Test
        void prefixAndSuffixIgnoringCase() {
            assertThat(matches("{\"s\": [{\"prefix\": {\"equals-ignore-case\": \"EventB\"}}]}", "{\"s\": \"eventbridge\"}"))
                    .isTrue();
            assertThat(matches("{\"f\": [{\"suffix\": {\"equals-ignore-case\": \".png\"}}]}", "{\"f\": \"A.PNG\"}"))
                    .isTrue();
            assertThat(matches("{\"f\": [{\"suffix\": {\"equals-ignore-case\": \".png\"}}]}", "{\"f\": \"A.JPG\"}"))
                    .isFalse();
        }

        @Test
        void equalsIgnoreCase() {
            assertThat(matches("{\"n\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"n\": \"ALICE\"}")).isTrue();
            assertThat(matches("{\"n\": [{\"equals-ignore-case\": \"alice\"}]}", "{\"n\": \"alicia\"}")).isFalse();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "*.png       | a.png      | true",
                "*.png       | a.jpg      | false",
                "dir/*/f     | dir/x/y/f  | true",
                "dir/*/f     | dir/f      | false",
                "a*b*c       | abc        | true",
                "a*b*c       | acb        | false",
                "a*a         | a          | false",
                "a*a         | aa         | true",
                "*           | ''         | true",
                "exact       | exact      | true",
                "exact       | exactly    | false",
                "'a\\*b'     | a*b        | true",
                "'a\\*b'     | axb        | false",
                "'a\\\\*'    | 'a\\zz'    | true",
        })
        void wildcard(String wildcard, String value, boolean expected) {
            String p = "{\"v\": [{\"wildcard\": " + JSON.writeValueAsString(wildcard) + "}]}";
            assertThat(filter(p).matches(Map.of("v", value), null, null)).as(wildcard + " ~ " + value)
                    .isEqualTo(expected);
        }

        @Test
        void anythingButAValueOrAList() {
            assertThat(matches("{\"s\": [{\"anything-but\": \"init\"}]}", "{\"s\": \"running\"}")).isTrue();
            assertThat(matches("{\"s\": [{\"anything-but\": \"init\"}]}", "{\"s\": \"init\"}")).isFalse();
            assertThat(matches("{\"s\": [{\"anything-but\": \"init\"}]}", "{}")).isFalse();
            assertThat(matches("{\"s\": [{\"anything-but\": [\"a\", \"b\"]}]}", "{\"s\": \"b\"}")).isFalse();
            assertThat(matches("{\"s\": [{\"anything-but\": [\"a\", \"b\"]}]}", "{\"s\": \"c\"}")).isTrue();
            assertThat(matches("{\"n\": [{\"anything-but\": 123}]}", "{\"n\": 123.0}")).isFalse();
            assertThat(matches("{\"n\": [{\"anything-but\": [1, 2]}]}", "{\"n\": 3}")).isTrue();
            // an array matches if any element does: one that is not excluded is enough
            assertThat(matches("{\"s\": [{\"anything-but\": \"a\"}]}", "{\"s\": [\"a\", \"b\"]}")).isTrue();
            assertThat(matches("{\"s\": [{\"anything-but\": \"a\"}]}", "{\"s\": [\"a\"]}")).isFalse();
        }

        @Test
        void anythingButPrefixSuffixIgnoreCaseWildcard() {
            assertThat(matches("{\"r\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"r\": \"eu-west-1\"}")).isTrue();
            assertThat(matches("{\"r\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"r\": \"us-east-1\"}")).isFalse();
            assertThat(matches("{\"r\": [{\"anything-but\": {\"prefix\": \"us-\"}}]}", "{\"r\": 5}")).isFalse();
            assertThat(matches("{\"f\": [{\"anything-but\": {\"suffix\": \".png\"}}]}", "{\"f\": \"a.jpg\"}")).isTrue();
            assertThat(matches("{\"s\": [{\"anything-but\": {\"equals-ignore-case\": [\"a\", \"b\"]}}]}",
                    "{\"s\": \"B\"}")).isFalse();
            assertThat(matches("{\"s\": [{\"anything-but\": {\"equals-ignore-case\": \"a\"}}]}", "{\"s\": \"c\"}"))
                    .isTrue();
            assertThat(matches("{\"p\": [{\"anything-but\": {\"wildcard\": \"*/lib/*\"}}]}", "{\"p\": \"/usr/lib/x\"}"))
                    .isFalse();
            assertThat(matches("{\"p\": [{\"anything-but\": {\"wildcard\": \"*/lib/*\"}}]}", "{\"p\": \"/usr/bin/x\"}"))
                    .isTrue();
        }

        @Test
        void numericRanges() {
            String p = "{\"n\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}";
            assertThat(matches(p, "{\"n\": 0}")).isFalse();
            assertThat(matches(p, "{\"n\": 0.0001}")).isTrue();
            assertThat(matches(p, "{\"n\": 5}")).isTrue();
            assertThat(matches(p, "{\"n\": 5.01}")).isFalse();
            assertThat(matches(p, "{\"n\": \"3\"}")).isFalse();
            assertThat(matches(p, "{\"n\": null}")).isFalse();
            assertThat(matches(p, "{}")).isFalse();
            assertThat(matches("{\"n\": [{\"numeric\": [\"=\", 3.5]}]}", "{\"n\": 3.5}")).isTrue();
            assertThat(matches("{\"n\": [{\"numeric\": [\"<\", -1]}]}", "{\"n\": -2}")).isTrue();
            assertThat(matches("{\"n\": [{\"numeric\": [\">=\", 10]}]}", "{\"n\": 10}")).isTrue();
            assertThat(matches("{\"n\": [{\"numeric\": [\"<=\", 10, \">\", 1]}]}", "{\"n\": 2}")).isTrue();
            assertThat(matches("{\"n\": [{\"numeric\": [\">\", 1e9]}]}", "{\"n\": 12345678901234567890}")).isTrue();
        }

        @Test
        void exists() {
            assertThat(matches("{\"a\": [{\"exists\": true}]}", "{\"a\": \"x\"}")).isTrue();
            assertThat(matches("{\"a\": [{\"exists\": true}]}", "{\"a\": null}")).isTrue();
            assertThat(matches("{\"a\": [{\"exists\": true}]}", "{}")).isFalse();
            assertThat(matches("{\"a\": [{\"exists\": true}]}", "{\"a\": {\"b\": 1}}")).isFalse();
            assertThat(matches("{\"a\": [{\"exists\": true}]}", "{\"a\": []}")).isFalse();
            assertThat(matches("{\"a\": [{\"exists\": false}]}", "{}")).isTrue();
            assertThat(matches("{\"a\": [{\"exists\": false}]}", "{\"a\": 1}")).isFalse();
            assertThat(matches("{\"a\": [{\"exists\": false}]}", "{\"a\": []}")).isTrue();
            assertThat(matches("{\"a\": {\"b\": [{\"exists\": false}]}}", "{}")).isTrue();
            assertThat(matches("{\"a\": {\"b\": [{\"exists\": false}]}}", "{\"a\": {\"b\": 2}}")).isFalse();
            assertThat(matches("{\"a\": [{\"exists\": false}, \"x\"]}", "{\"a\": \"x\"}")).isTrue();
            assertThat(matches("{\"a\": [{\"exists\": false}, \"x\"]}", "{\"a\": \"y\"}")).isFalse();
        }

        @Test
        void orMatchesIfAnyBranchDoes() {
            String p = "{\"source\": [\"shop\"], \"$or\": [{\"type\": [\"created\"]},"
                    + " {\"amount\": [{\"numeric\": [\">\", 100]}]}]}";
            assertThat(matches(p, "{\"source\": \"shop\", \"type\": \"created\", \"amount\": 1}")).isTrue();
            assertThat(matches(p, "{\"source\": \"shop\", \"type\": \"updated\", \"amount\": 101}")).isTrue();
            assertThat(matches(p, "{\"source\": \"shop\", \"type\": \"updated\", \"amount\": 1}")).isFalse();
            assertThat(matches(p, "{\"source\": \"bank\", \"type\": \"created\"}")).isFalse();
            assertThat(matches("{\"d\": {\"$or\": [{\"a\": [1]}, {\"b\": [2]}]}}", "{\"d\": {\"b\": 2}}")).isTrue();
        }
    }

    @Nested
    class KeyAndHeaders {
        @Test
        void theKeyIsMatchedThroughDollarKey() {
            EventFilter f = filter("{\"$key\": [{\"prefix\": \"order-\"}]}");
            assertThat(f.matches(Map.of(), "order-1", Map.of())).isTrue();
            assertThat(f.matches(Map.of(), "user-1", Map.of())).isFalse();
            assertThat(f.matches(Map.of(), null, Map.of())).isFalse();
            assertThat(filter("{\"$key\": [{\"exists\": false}]}").matches(Map.of(), null, Map.of())).isTrue();
            // a payload field of that name is not the key
            assertThat(f.matches(Map.of("$key", "order-2"), "user-1", Map.of())).isFalse();
        }

        @Test
        void headersAreMatchedThroughDollarHeaders() {
            EventFilter f = filter("{\"$headers\": {\"source\": [\"web\"]}, \"type\": [\"a\"]}");
            assertThat(f.matches(Map.of("type", "a"), null, Map.of("source", "web"))).isTrue();
            assertThat(f.matches(Map.of("type", "a"), null, Map.of("source", "app"))).isFalse();
            assertThat(f.matches(Map.of("type", "a"), null, Map.of())).isFalse();
            assertThat(f.matches(Map.of("type", "a"), null, null)).isFalse();
        }

        @Test
        void keyAndHeadersMatchEvenWhenThePayloadIsNotJson() {
            EventFilter f = filter("{\"$key\": [\"k\"]}");
            assertThat(f.matches(null, "k", Map.of())).isTrue();
        }

        @Test
        void keyAndHeadersInsideOr() {
            EventFilter f = filter("{\"$or\": [{\"$key\": [\"k\"]}, {\"$headers\": {\"h\": [\"1\"]}}]}");
            assertThat(f.matches(Map.of(), "k", Map.of())).isTrue();
            assertThat(f.matches(Map.of(), "x", Map.of("h", "1"))).isTrue();
            assertThat(f.matches(Map.of(), "x", Map.of("h", "2"))).isFalse();
        }

        @Test
        void aDocumentCarriesItsKeyAndHeadersAsReservedFields() {
            EventFilter f = filter("{\"$key\": [\"k\"], \"$headers\": {\"h\": [\"1\"]}, \"a\": [1]}");
            assertThat(f.matches(object("{\"$key\": \"k\", \"$headers\": {\"h\": \"1\"}, \"a\": 1}"))).isTrue();
            assertThat(f.matches(object("{\"$key\": \"x\", \"$headers\": {\"h\": \"1\"}, \"a\": 1}"))).isFalse();
            assertThat(f.matches(object("{\"$headers\": {\"h\": \"1\"}, \"a\": 1}"))).isFalse();
            assertThat(f.matches("not an object")).isFalse();
        }

        @Test
        void dollarNamesBelowTheTopAreOrdinaryFields() {
            assertThat(matches("{\"a\": {\"$key\": [\"x\"]}}", "{\"a\": {\"$key\": \"x\"}}")).isTrue();
        }
    }

    @Nested
    class Invalid {
        @Test
        void namesTheFieldAndWhatToChange() {
            invalid("{\"amount\": [{\"numeric\": [\">\"]}]}",
                    "amount: numeric needs a comparison and a number, such as [\">\", 0], [\"=\", 5] or [\">=\", 0, \"<\", 100]");
            invalid("{\"a\": {\"b\": [{\"numeric\": [\">\", \"5\"]}]}}", "a.b: numeric needs a number after '>', not text");
            invalid("{\"n\": [{\"numeric\": [\"!=\", 5]}]}",
                    "n: numeric does not know the comparison '!='; use =, <, <=, > or >=");
            invalid("{\"n\": [{\"numeric\": [\">\", 5, \"<\", 5]}]}",
                    "n: numeric range is empty: the lower bound must be below the upper bound");
            invalid("{\"n\": [{\"numeric\": [\">\", 1, \">\", 5]}]}", "n: numeric has two lower bounds; numeric needs a"
                    + " comparison and a number, such as [\">\", 0], [\"=\", 5] or [\">=\", 0, \"<\", 100]");
            invalid("{\"n\": [{\"numeric\": [\"=\", 1, \"<\", 5]}]}", "n: numeric takes '=' alone, such as [\"=\", 5]");
        }

        @Test
        void shapes() {
            invalid("{\"type\": \"created\"}",
                    "type: must be a list of values to match, such as [\"created\"], or an object of nested fields; found text");
            invalid("{\"type\": []}", "type: an empty list matches nothing; list at least one value or operator");
            invalid("{\"type\": [[\"a\"]]}",
                    "type: a list inside a list is not a pattern; list values and operators such as {\"prefix\": \"a\"}");
            invalid("{\"a\": {}}", "a: an empty object matches nothing in particular; name at least one field");
            invalid("{\"a\": [{\"prefix\": \"x\", \"suffix\": \"y\"}]}", "a: an operator is an object with exactly one key,"
                    + " such as {\"prefix\": \"a\"}; use one of prefix, suffix, equals-ignore-case, wildcard, anything-but,"
                    + " numeric or exists");
            invalid("{\"a\": [{\"contains\": \"x\"}]}", "a: unknown operator 'contains'; use one of prefix, suffix,"
                    + " equals-ignore-case, wildcard, anything-but, numeric or exists");
        }

        @Test
        void operatorArguments() {
            invalid("{\"a\": [{\"prefix\": 5}]}", "a: prefix needs text or {\"equals-ignore-case\": text}, not a number");
            invalid("{\"a\": [{\"equals-ignore-case\": [\"x\"]}]}", "a: equals-ignore-case needs text, not a list");
            invalid("{\"a\": [{\"exists\": \"yes\"}]}", "a: exists needs true or false");
            invalid("{\"a\": [{\"wildcard\": \"a**b\"}]}", "a: wildcard cannot have two '*' in a row");
            invalid("{\"a\": [{\"wildcard\": \"a\\\\b\"}]}", "a: wildcard escapes only '*' and '\\' with a backslash");
            invalid("{\"a\": [{\"anything-but\": [\"x\", 1]}]}", "a: anything-but needs text, a number, a list of texts"
                    + " or of numbers, or one of prefix, suffix, equals-ignore-case, wildcard as {\"prefix\": text}");
            invalid("{\"a\": [{\"anything-but\": null}]}", "a: anything-but needs text, a number, a list of texts"
                    + " or of numbers, or one of prefix, suffix, equals-ignore-case, wildcard as {\"prefix\": text}");
            invalid("{\"a\": [{\"anything-but\": {\"numeric\": [\">\", 1]}}]}", "a: anything-but needs text, a number,"
                    + " a list of texts or of numbers, or one of prefix, suffix, equals-ignore-case, wildcard as"
                    + " {\"prefix\": text}");
        }

        @Test
        void orAndReservedFields() {
            invalid("{\"$or\": [{\"a\": [1]}]}", "$or: $or needs a list of at least two patterns, such as"
                    + " [{\"type\": [\"a\"]}, {\"amount\": [{\"numeric\": [\">\", 0]}]}]");
            invalid("{\"$or\": [{\"a\": [1]}, {\"b\": [{\"numeric\": [1]}]}]}", "$or[1].b: numeric needs a comparison and"
                    + " a number, such as [\">\", 0], [\"=\", 5] or [\">=\", 0, \"<\", 100]");
            invalid("{\"$or\": [{\"a\": [1]}, \"b\"]}", "$or[1]: each pattern of $or is an object with at least one field");
            invalid("{\"$key\": {\"a\": [1]}}", "$key: the key is text: match it with a list, such as [\"order-1\"] or"
                    + " [{\"prefix\": \"order-\"}]");
            invalid("{\"$headers\": [\"a\"]}", "$headers: headers are matched by name, such as {\"source\": [\"web\"]}");
        }

        @Test
        void tooDeep() {
            String deep = "{\"a\": ".repeat(40) + "[1]" + "}".repeat(40);
            assertThatThrownBy(() -> filter(deep)).isInstanceOf(InvalidFilterException.class)
                    .hasMessageEndingWith("objects are nested deeper than 32 levels");
        }

        @Test
        void theExceptionCanBePlacedUnderAnOuterPath() {
            InvalidFilterException e = new InvalidFilterException("amount", "numeric needs a number");
            assertThat(e.under("subscriptions[0].filter")).hasMessage("subscriptions[0].filter.amount: numeric needs a number");
            assertThat(new InvalidFilterException("", "must be an object").under("filter"))
                    .hasMessage("filter: must be an object");
            assertThatThrownBy(() -> EventFilter.of(null)).hasMessage("a filter must be a JSON object of fields to match");
        }
    }

    @Nested
    class Values {
        @Test
        void equalPatternsMakeEqualFiltersWhateverTheNumberTypes() {
            EventFilter a = EventFilter.of(Map.of("n", java.util.List.of(100, 1.5)));
            EventFilter b = EventFilter.of(Map.of("n", java.util.List.of(100L, 1.5d)));
            EventFilter c = EventFilter.of(Map.of("n", java.util.List.of(100.0, 1.5f)));
            assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(b);
            assertThat(a.pattern().get("n")).isEqualTo(java.util.List.of(100L, 1.5d));
        }

        @Test
        void thePatternIsUnmodifiable() {
            EventFilter f = filter("{\"a\": [1]}");
            assertThatThrownBy(() -> f.pattern().put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
