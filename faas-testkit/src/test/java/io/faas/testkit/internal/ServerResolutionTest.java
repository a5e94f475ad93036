package io.faas.testkit.internal;

import io.faas.testkit.internal.ServerResolution.Choice;
import io.faas.testkit.internal.ServerResolution.Plan;
import io.faas.testkit.internal.ServerResolution.Server;
import io.faas.testkit.internal.ServerResolution.Source;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerResolutionTest {
    private static final Set<Server> BOTH_MODULES = EnumSet.allOf(Server.class);
    private static final Set<Server> NO_MODULES = EnumSet.noneOf(Server.class);

    private final AtomicInteger dockerAsked = new AtomicInteger();

    private BooleanSupplier docker(boolean answer) {
        return () -> {
            dockerAsked.incrementAndGet();
            return answer;
        };
    }

    @Test
    void environmentVariablesWinAndDockerIsNotAsked() {
        Plan plan = ServerResolution.resolve(Map.of(
                        "FAAS_TEST_KAFKA_BOOTSTRAP", "broker:9092",
                        "FAAS_TEST_MONGO_URI", "mongodb://db:27017"),
                BOTH_MODULES, docker(true));

        assertThat(plan.kafka()).isEqualTo(new Choice(Source.ENVIRONMENT, "broker:9092"));
        assertThat(plan.mongo()).isEqualTo(new Choice(Source.ENVIRONMENT, "mongodb://db:27017"));
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void eachVariableCountsOnItsOwn() {
        Plan kafkaOnly = ServerResolution.resolve(Map.of("FAAS_TEST_KAFKA_BOOTSTRAP", "broker:9092"),
                BOTH_MODULES, docker(false));
        assertThat(kafkaOnly.kafka().source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(kafkaOnly.mongo().source()).isEqualTo(Source.EMBEDDED);

        Plan mongoOnly = ServerResolution.resolve(Map.of("FAAS_TEST_MONGO_URI", "mongodb://db:27017"),
                BOTH_MODULES, docker(true));
        assertThat(mongoOnly.kafka()).isEqualTo(new Choice(Source.TESTCONTAINERS, "apache/kafka:4.3.1"));
        assertThat(mongoOnly.mongo()).isEqualTo(new Choice(Source.ENVIRONMENT, "mongodb://db:27017"));
    }

    @Test
    void blankVariablesAreUnsetAndValuesAreTrimmed() {
        Plan plan = ServerResolution.resolve(Map.of(
                        "FAAS_TEST_KAFKA_BOOTSTRAP", "  ",
                        "FAAS_TEST_MONGO_URI", " mongodb://db:27017 "),
                NO_MODULES, docker(true));

        assertThat(plan.kafka().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.mongo().value()).isEqualTo("mongodb://db:27017");
    }

    @Test
    void containersWhenDockerAnswersAskingDockerOnce() {
        Plan plan = ServerResolution.resolve(Map.of(), BOTH_MODULES, docker(true));

        assertThat(plan.kafka()).isEqualTo(new Choice(Source.TESTCONTAINERS, ServerResolution.DEFAULT_KAFKA_IMAGE));
        assertThat(plan.mongo()).isEqualTo(new Choice(Source.TESTCONTAINERS, ServerResolution.DEFAULT_MONGO_IMAGE));
        assertThat(dockerAsked).hasValue(1);
    }

    @Test
    void embeddedWhenDockerDoesNotAnswer() {
        Plan plan = ServerResolution.resolve(Map.of(), BOTH_MODULES, docker(false));

        assertThat(plan.kafka().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.mongo().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.kafka().value()).isNull();
        assertThat(dockerAsked).hasValue(1);
    }

    @Test
    void embeddedWithoutTestcontainersOnTheClassPathAndDockerIsNotAsked() {
        Plan plan = ServerResolution.resolve(Map.of(), NO_MODULES, docker(true));

        assertThat(plan.kafka().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.mongo().source()).isEqualTo(Source.EMBEDDED);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void onlyTheServerWhoseModuleIsPresentUsesAContainer() {
        Plan plan = ServerResolution.resolve(Map.of(), EnumSet.of(Server.MONGO), docker(true));

        assertThat(plan.kafka().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.mongo().source()).isEqualTo(Source.TESTCONTAINERS);
    }

    @Test
    void containersCanBeSwitchedOff() {
        Plan plan = ServerResolution.resolve(Map.of("FAAS_TEST_CONTAINERS", "FALSE"), BOTH_MODULES, docker(true));

        assertThat(plan.kafka().source()).isEqualTo(Source.EMBEDDED);
        assertThat(plan.mongo().source()).isEqualTo(Source.EMBEDDED);
        assertThat(dockerAsked).hasValue(0);
    }

    @Test
    void imagesCanBeChosen() {
        Plan plan = ServerResolution.resolve(Map.of(
                        "FAAS_TEST_KAFKA_IMAGE", "apache/kafka:4.2.0",
                        "FAAS_TEST_MONGO_IMAGE", "mongo:7.0"),
                BOTH_MODULES, docker(true));

        assertThat(plan.kafka().value()).isEqualTo("apache/kafka:4.2.0");
        assertThat(plan.mongo().value()).isEqualTo("mongo:7.0");
    }

    @Test
    void aChoiceChecksItself() {
        assertThatThrownBy(() -> new Choice(Source.ENVIRONMENT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Choice(Source.EMBEDDED, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
