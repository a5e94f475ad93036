package io.faas.core.internal.remote;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** sshj and the AWS SDK stay behind the internal packages: the public settings name none of their types. */
class RemotePackageRulesTest {

    @Test
    void publicCorePackageDoesNotUseSshjOrTheAwsSdk() {
        JavaClasses core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.faas.core");
        noClasses().that().resideInAPackage("io.faas.core")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..",
                        "software.amazon..")
                .check(core);
    }
}
