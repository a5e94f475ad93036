package io.faas.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionsTest {

    private static final Map<String, Object> CREATED = Map.of("type", List.of("created"));

    @Test
    void topicsAreTheFilterLessShorthandAndListEverySubscribedTopic() {
        FunctionSpec spec = FunctionSpec.builder("f").topics("b", "a")
                .subscribe(Subscription.of("orders", CREATED)).build();
        assertThat(spec.topics()).containsExactly("a", "b", "orders");
        assertThat(spec.subscriptions()).extracting(Subscription::topic).containsExactly("a", "b", "orders");
        assertThat(spec.subscriptions().get(0).unfiltered()).isTrue();
        assertThat(spec.filterFor("orders")).contains(EventFilter.of(CREATED));
        assertThat(spec.filterFor("a")).isEmpty();
        assertThat(spec.filterFor("missing")).isEmpty();
        assertThat(spec.hasFilters()).isTrue();
        assertThat(FunctionSpec.python("g", "a").hasFilters()).isFalse();
    }

    @Test
    void aTopicInBothTakesTheSubscriptionsFilter() {
        FunctionSpec spec = FunctionSpec.builder("f").topics("orders")
                .subscribe(Subscription.of("orders", CREATED)).build();
        assertThat(spec.subscriptions()).containsExactly(Subscription.of("orders", CREATED));
    }

    @Test
    void aTopicSubscribedTwiceIsRefused() {
        assertThatThrownBy(() -> FunctionSpec.builder("f").subscribe(Subscription.of("orders", CREATED))
                .subscribe(Subscription.of("orders")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("function 'f' subscribes to topic 'orders' twice");
    }

    @Test
    void topicsReplaceSubscriptionsAndSubscriptionsReplaceTopics() {
        FunctionSpec filtered = FunctionSpec.builder("f").subscribe(Subscription.of("orders", CREATED)).build();
        assertThat(filtered.toBuilder().topics("other").build().subscriptions())
                .containsExactly(Subscription.of("other"));
        assertThat(FunctionSpec.python("f", "a").toBuilder().subscriptions(List.of(Subscription.of("b", CREATED)))
                .build().topics()).containsExactly("b");
        assertThat(filtered.toBuilder().build()).isEqualTo(filtered);
        assertThat(filtered.withSecretNames(Set.of("S")).subscriptions()).isEqualTo(filtered.subscriptions());
    }

    @Test
    void theOlderConstructorsTakeEveryEventOfTheirTopics() {
        FunctionSpec spec = new FunctionSpec("f", FunctionRuntime.PYTHON, null, Set.of("a"), FunctionSpec.DEFAULT_TIMEOUT,
                0, 3, Backoff.DEFAULT, null);
        assertThat(spec.subscriptions()).containsExactly(Subscription.of("a"));
    }

    @Test
    void anEmptyPatternIsNoFilterAndABadTopicIsRefused() {
        assertThat(Subscription.of("a", Map.of()).unfiltered()).isTrue();
        assertThat(Subscription.of("a", null).unfiltered()).isTrue();
        assertThatThrownBy(() -> Subscription.of("bad topic!", CREATED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subscription.of("a", Map.of("type", "x")))
                .isInstanceOf(InvalidFilterException.class).hasMessageStartingWith("type: must be a list");
    }
}
