package io.faas.core.internal.store;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoStoreTest {

    @Test
    void writesAreJournaledUnlessTheUriSaysOtherwise() {
        assertThat(MongoStore.writeConcern(new ConnectionString("mongodb://db:27017")))
                .isEqualTo(WriteConcern.JOURNALED);
        assertThat(MongoStore.writeConcern(new ConnectionString("mongodb://a,b,c/?replicaSet=rs&w=majority")))
                .isEqualTo(WriteConcern.MAJORITY);
        assertThat(MongoStore.writeConcern(new ConnectionString("mongodb://db/?w=majority&journal=true")))
                .isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    }
}
