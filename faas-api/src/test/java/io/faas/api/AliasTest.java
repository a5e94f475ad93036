package io.faas.api;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliasTest {

    @Test
    void aCanaryTakesAboutItsWeightOfKeysAndAKeyAlwaysTheSameVersion() {
        Alias alias = Alias.of("live", 3).withCanary(4, 10);
        long canary = IntStream.range(0, 10_000).mapToObj(i -> "customer-" + i)
                .filter(key -> alias.versionFor(key) == 4).count();
        assertThat(canary).isBetween(800L, 1200L);
        assertThat(IntStream.range(0, 100).map(i -> alias.versionFor("customer-42")).distinct().count()).isOne();
        // the bucket is fixed by the key's bytes, so every instance agrees
        assertThat(Alias.bucket("customer-42")).isEqualTo(Alias.bucket(new String("customer-42")));
        assertThat(Alias.bucket(null)).isEqualTo(Alias.bucket(""));
        assertThat(Alias.of("live", 3).versionFor("anything")).isEqualTo(3);
    }

    @Test
    void badAliasesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> Alias.of("latest", 1)).hasMessageContaining("newest version");
        assertThatThrownBy(() -> Alias.of("Live", 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> Alias.of("live", 0)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> Alias.of("live", 2).withCanary(2, 10)).hasMessageContaining("another version");
        assertThatThrownBy(() -> Alias.of("live", 2).withCanary(3, 100)).hasMessageContaining("1 to 99");
        assertThatThrownBy(() -> Alias.of("live", 2).withShadow(-1)).hasMessageContaining("0 for none");
        assertThatThrownBy(() -> Subscription.of("t").withAlias("no way")).hasMessageContaining("alias");
        assertThat(Subscription.of("t").alias()).isEqualTo(Alias.LATEST);
        assertThat(Subscription.of("t").withAlias(null).latest()).isTrue();
    }

    @Test
    void versionsAreEveryVersionTheAliasNames() {
        assertThat(Alias.of("live", 2).versions()).containsExactly(2);
        assertThat(Alias.of("live", 3).withCanary(1, 10).withShadow(5).versions()).containsExactly(1, 3, 5);
        assertThat(Alias.of("live", 3).withShadow(3).versions()).containsExactly(3);
    }
}
