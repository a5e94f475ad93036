package io.faas.testkit.internal;

import io.faas.api.Names;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UniqueNamesTest {

    @Test
    void namesAreUniqueAcrossThreadsAndValidTopicAndDatabaseNames() {
        UniqueNames names = new UniqueNames();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 1000).parallel().forEach(i -> seen.add(names.next("orders")));

        assertThat(seen).hasSize(1000);
        assertThat(seen).allSatisfy(name -> {
            assertThat(name).matches("orders-[0-9a-f]{6}-[0-9]+");
            assertThat(Names.isValidTopicName(name)).isTrue();
            assertThat(name).doesNotContain(".", "/", "\\", " ", "\"", "$");
        });
    }

    @Test
    void twoInstancesUseDifferentRunIdsMostOfTheTime() {
        Set<String> first = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            first.add(new UniqueNames().next("x"));
        }
        assertThat(first.size()).isGreaterThan(1);
    }

    @Test
    void theLongestPrefixFitsAMongoDatabaseName() {
        String name = new UniqueNames().next("a".repeat(40));
        assertThat(name.length()).isLessThan(64);
    }

    @Test
    void refusesPrefixesThatWouldMakeBadNames() {
        UniqueNames names = new UniqueNames();
        for (String bad : List.of("", "-x", "a.b", "a b", "a/b", "a".repeat(41))) {
            assertThatThrownBy(() -> names.next(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> names.next(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
