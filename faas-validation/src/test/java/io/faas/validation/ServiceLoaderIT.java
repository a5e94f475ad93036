package io.faas.validation;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Topic;
import io.faas.core.CodeValidators;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;
import io.faas.core.PythonValidator;
import io.faas.core.it.TestFaas;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With this artifact on the class path, faas-core finds the GraalPy validator through
 * {@link java.util.ServiceLoader} and a client checks uploads with pyflakes' checks, not only with
 * CPython's compiler.
 */
@FaasTest
class ServiceLoaderIT {

    @Test
    void codeValidatorsCreatesTheGraalPyValidator() {
        try (PythonValidator validator = CodeValidators.create(PythonSettings.defaults(), 1024)) {
            assertThat(validator.getClass().getName()).isEqualTo("io.faas.validation.internal.GraalPyValidator");
        }
    }

    @Test
    void aClientRefusesWhatOnlyPyflakesFinds(FaasTestServers servers) {
        try (Faas faas = TestFaas.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("checked"));

            assertThatThrownBy(() -> faas.functions().register(FunctionSpec.python("unused", "checked"),
                    "import os\ndef handler(event, context):\n    return undefined_name\n"))
                    .isInstanceOfSatisfying(InvalidFunctionException.class, e ->
                            assertThat(e.diagnostics()).extracting(Object::toString).containsExactly(
                                    "1:1: 'os' imported but unused", "3:12: undefined name 'undefined_name'"));
            assertThat(faas.functions().get("unused")).isEmpty();
            assertThat(((FaasClient) faas).validator()).get()
                    .extracting(v -> v.getClass().getName()).isEqualTo("io.faas.validation.internal.GraalPyValidator");
        }
    }
}
