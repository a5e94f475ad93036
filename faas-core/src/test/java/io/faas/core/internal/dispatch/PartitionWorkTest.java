package io.faas.core.internal.dispatch;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionWorkTest {

    @Test
    void commitsOnlyUpToTheFirstIncompleteEvent() {
        PartitionWork work = new PartitionWork(new TopicPartition("t", 0), Set.of());
        PartitionWork.EventWork e5 = new PartitionWork.EventWork(5, 2);
        PartitionWork.EventWork e6 = new PartitionWork.EventWork(6, 1);
        PartitionWork.EventWork e7 = new PartitionWork.EventWork(7, 0);
        work.add(e5);
        work.add(e6);
        work.add(e7);
        assertThat(work.advance()).isEqualTo(-1);

        e6.recorded();
        assertThat(work.advance()).as("6 is done but 5 is not").isEqualTo(-1);

        e5.recorded();
        assertThat(work.advance()).as("5 still has one function").isEqualTo(-1);
        e5.recorded();
        assertThat(work.advance()).as("5, 6 and the empty 7 are done").isEqualTo(8);
        assertThat(work.pendingEvents()).isZero();
        assertThat(work.advance()).as("nothing new").isEqualTo(-1);
    }
}
