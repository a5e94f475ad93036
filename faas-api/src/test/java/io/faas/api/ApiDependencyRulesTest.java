package io.faas.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ApiDependencyRulesTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.faas.api");

    @Test
    void apiDependsOnJavaOnly() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.faas.api..")
                .because("faas-api is the contract host apps code against: plain Java only")
                .check(api);
    }

    @Test
    void noVendorTypesLeakIntoTheApi() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "com.mongodb..", "org.bson..", "software.amazon..",
                        "net.schmizz..", "com.hierynomus..", "org.graalvm..", "org.springframework..")
                .check(api);
    }

    @Test
    void theRuleSeesTheWholeApi() {
        // Guards the two rules above against an import that silently found nothing.
        org.assertj.core.api.Assertions.assertThat(api.contain(FunctionRegistry.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(api.size()).isGreaterThan(30);
    }
}
