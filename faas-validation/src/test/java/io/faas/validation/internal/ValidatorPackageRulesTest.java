package io.faas.validation.internal;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** GraalPy stays behind the internal package: the public validator API names no polyglot type. */
class ValidatorPackageRulesTest {

    @Test
    void publicCorePackageDoesNotUseGraalVm() {
        JavaClasses core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.faas.core");
        noClasses().that().resideInAPackage("io.faas.core")
                .should().dependOnClassesThat().resideInAnyPackage("org.graalvm..")
                .check(core);
    }
}
