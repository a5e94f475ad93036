package io.faas.spring.boot.autoconfigure.internal;

import io.faas.core.DispatcherSettings;
import io.faas.core.PythonSettings;
import io.faas.ssh.SshPoolSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CheckingPropertyMapperTest {

    private final List<String> rejected = new ArrayList<>();

    private final CheckingPropertyMapper.Rejections record = (field, hideValue, message) ->
            rejected.add(field + (hideValue ? " (hidden)" : "") + " -> " + message);

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
        assertThat(rejected).containsExactly("dispatcher.concurrency -> "
                + "faas.dispatcher.concurrency: dispatcher concurrency must be at least 1: 0");
        assertThat(built.maxInFlight()).isEqualTo(7);
    }

    @Test
    void aConversionThatFailsIsTheFieldsError() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(record);
        map.fromSecret("dispatcher.logLimit", () -> "x").as(text -> {
            throw new IllegalArgumentException("not a size");
        }).to((b, v) -> b.logLimitBytes(1));
        map.applyTo(DispatcherSettings.builder());
        assertThat(rejected).containsExactly("dispatcher.logLimit (hidden) -> faas.dispatcher.log-limit: not a size");
    }

    @Test
    void valuesCheckedAgainstEachOtherAreAcceptedInEitherOrder() {
        CheckingPropertyMapper<PythonSettings.Builder> map = python(record);
        map.from("python.memoryLimit", () -> 2048).to((b, v) -> b.applyToWorkerSettings(w -> w.memoryLimitMb(v)));
        map.from("python.maxMemoryLimit", () -> 4096).to(PythonSettings.Builder::maxMemoryLimitMb);
        PythonSettings built = map.applyTo(PythonSettings.builder()).build();
        assertThat(rejected).isEmpty();
        assertThat(built.workers().memoryLimitMb()).isEqualTo(2048);
        assertThat(built.maxMemoryLimitMb()).isEqualTo(4096);
    }

    @Test
    void failNamesThePropertyAsWritten() {
        CheckingPropertyMapper<DispatcherSettings.Builder> map = dispatcher(CheckingPropertyMapper.Rejections.FAIL);
        map.from("dispatcher.deadLetterTopic", () -> "no spaces").to(DispatcherSettings.Builder::deadLetterTopic);
        assertThatIllegalArgumentException().isThrownBy(() -> map.applyTo(DispatcherSettings.builder()))
                .withMessageStartingWith("faas.dispatcher.dead-letter-topic: dispatcher deadLetterTopic");
    }

    @Test
    void aPropertyOfANamedGroupIsWrittenWithItsKey() {
        CheckingPropertyMapper<SshPoolSettings.Builder> map = pool("fast", record);
        map.from("concurrencyPerHost", () -> 0).to(SshPoolSettings.Builder::concurrencyPerHost);
        map.applyTo(SshPoolSettings.builder("fast"));
        assertThat(rejected).containsExactly("pools[fast].concurrencyPerHost -> faas.ssh.pools.fast.concurrency-per-host: "
                + "ssh pool 'fast' concurrencyPerHost must be at least 1: 0");
        assertThat(CheckingPropertyMapper.property("faas.ssh", "pools[Fast!].hosts[1]"))
                .isEqualTo("faas.ssh.pools[Fast!].hosts[1]");
    }

    @Test
    void valuesThatOnlyFailTogetherAreTheGroupsError() {
        CheckingPropertyMapper<SshPoolSettings.Builder> map = pool("fast", record);
        map.from("hosts[0]", () -> "10.0.1.10").to(SshPoolSettings.Builder::host);
        assertThat(map.checkGroup(map.applyTo(SshPoolSettings.builder("fast").user("faas")))).isFalse();
        assertThat(rejected).singleElement().asString()
                .startsWith("pools[fast] (hidden) -> faas.ssh.pools.fast: ").contains("privateKey");
    }

    @Test
    void defaultsThatDoNotBuildAreTheGroupsErrorAndNothingIsMapped() {
        CheckingPropertyMapper<SshPoolSettings.Builder> map = pool("Fast!", record);
        map.from("concurrencyPerHost", () -> 0).to(SshPoolSettings.Builder::concurrencyPerHost);
        map.applyTo(SshPoolSettings.builder("Fast!"));
        assertThat(rejected).singleElement().asString()
                .startsWith("pools[Fast!] (hidden) -> faas.ssh.pools[Fast!]: ssh pool name");
    }

    @Test
    void sizesMustBeWholeMegabytesAndFitAnInt() {
        assertThat(CheckingPropertyMapper.mebibytes(DataSize.ofGigabytes(2))).isEqualTo(2048);
        assertThatIllegalArgumentException().isThrownBy(() -> CheckingPropertyMapper.mebibytes(DataSize.ofKilobytes(512)))
                .withMessageContaining("whole number of megabytes");
        assertThatIllegalArgumentException().isThrownBy(() -> CheckingPropertyMapper.intBytes(DataSize.ofGigabytes(3)))
                .withMessageStartingWith("must be at most 2147483647 bytes");
    }

    private static CheckingPropertyMapper<DispatcherSettings.Builder> dispatcher(CheckingPropertyMapper.Rejections r) {
        return new CheckingPropertyMapper<>("faas", "", DispatcherSettings::builder, DispatcherSettings.Builder::build, r);
    }

    private static CheckingPropertyMapper<PythonSettings.Builder> python(CheckingPropertyMapper.Rejections r) {
        return new CheckingPropertyMapper<>("faas", "", PythonSettings::builder, PythonSettings.Builder::build, r);
    }

    private static CheckingPropertyMapper<SshPoolSettings.Builder> pool(String name, CheckingPropertyMapper.Rejections r) {
        return new CheckingPropertyMapper<>("faas.ssh", "pools[" + name + "]",
                () -> SshPoolSettings.builder(name).user("faas").privateKey(Path.of("id_check")),
                SshPoolSettings.Builder::build, r);
    }
}
