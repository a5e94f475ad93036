package io.faas.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLagTest {

    @Test
    void totalAddsUpEveryPartition() {
        assertThat(PartitionLag.total(List.of(new PartitionLag("orders", 0, 3), new PartitionLag("orders", 1, 4),
                new PartitionLag("audit", 0, 0)))).isEqualTo(7);
        assertThat(PartitionLag.total(List.of())).isZero();
    }

    @Test
    void aLagChecksItself() {
        assertThatThrownBy(() -> new PartitionLag(null, 0, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("topic");
        assertThatThrownBy(() -> new PartitionLag("orders", -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition must be >= 0: -1");
        assertThatThrownBy(() -> new PartitionLag("orders", 0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lag must be >= 0: -2");
    }
}
