package io.faas.spring.boot.autoconfigure;

import io.faas.core.DispatcherSettings;
import io.faas.core.PythonSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CheckingPropertyMapperTest {

    private final List<String> rejected = new ArrayList<>();

    private final CheckingPropertyMapper.Rejections record = (field, secret, reason) ->
            rejected.add(field + (secret ? " (secret)" : "") + ": " + reason);

    @Test
    void anUnsetValueLeavesTheBuildersDefault() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(record);
        map.from("dispatcher.concurrency", () -> (Integer) null).to(DispatcherSettings.Builder::concurrency);
        assertThat(map.applyTo(DispatcherSettings.builder()).build().concurrency())
                .isEqualTo(DispatcherSettings.builder().build().concurrency());
        assertThat(rejected).isEmpty();
    }

    @Test
    void aRefusedValueIsReportedWithItsFieldAndNotMappedTheOthersAre() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(record);
        map.from("dispatcher.concurrency", () -> 0).to(DispatcherSettings.Builder::concurrency);
        map.from("dispatcher.maxInFlight", () -> 7).to(DispatcherSettings.Builder::maxInFlight);
        DispatcherSettings built = map.applyTo(DispatcherSettings.builder()).build();
        assertThat(rejected).containsExactly("dispatcher.concurrency: dispatcher concurrency must be at least 1: 0");
        assertThat(built.maxInFlight()).isEqualTo(7);
    }

    @Test
    void aConversionThatFailsIsTheFieldsError() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(record);
        map.fromSecret("dispatcher.logLimit", () -> "x").as(text -> {
            throw new IllegalArgumentException("not a size");
        }).to((b, v) -> b.logLimitBytes(1));
        map.applyTo(DispatcherSettings.builder());
        assertThat(rejected).containsExactly("dispatcher.logLimit (secret): not a size");
    }

    @Test
    void valuesCheckedAgainstEachOtherAreAcceptedInEitherOrder() {
        CheckingPropertyMapper<PythonSettings.Builder> map = python(record);
        map.from("python.memoryLimit", () -> 2048).to(PythonSettings.Builder::memoryLimitMb);
        map.from("python.maxMemoryLimit", () -> 4096).to(PythonSettings.Builder::maxMemoryLimitMb);
        PythonSettings built = map.applyTo(PythonSettings.builder()).build();
        assertThat(rejected).isEmpty();
        assertThat(built.memoryLimitMb()).isEqualTo(2048);
        assertThat(built.maxMemoryLimitMb()).isEqualTo(4096);
    }

    @Test
    void failNamesThePropertyAsWritten() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(CheckingPropertyMapper.Rejections.FAIL);
        map.from("dispatcher.deadLetterTopic", () -> "no spaces").to(DispatcherSettings.Builder::deadLetterTopic);
        assertThatIllegalArgumentException().isThrownBy(() -> map.applyTo(DispatcherSettings.builder()))
                .withMessageStartingWith("faas.dispatcher.dead-letter-topic: dispatcher deadLetterTopic");
    }

    private static CheckingPropertyMapper<DispatcherSettings.Builder> dispatcher(CheckingPropertyMapper.Rejections r) {
        return new CheckingPropertyMapper<>(DispatcherSettings::builder, DispatcherSettings.Builder::build, r);
    }

    private static CheckingPropertyMapper<PythonSettings.Builder> python(CheckingPropertyMapper.Rejections r) {
        return new CheckingPropertyMapper<>(PythonSettings::builder, PythonSettings.Builder::build, r);
    }
}
