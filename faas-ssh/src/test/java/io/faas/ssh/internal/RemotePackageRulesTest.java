package io.faas.ssh.internal;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** sshj and the AWS SDK stay behind the internal packages: the public settings name none of their types. */
class RemotePackageRulesTest {

    @Test
    void publicCorePackageDoesNotUseSshjOrTheAwsSdk() {
        // Dependencies are checked by their names; resolving each from the class path (GraalPy's
        // jars among them) would only make the import slow.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        JavaClasses core;
        try {
            config.setResolveMissingDependenciesFromClassPath(false);
            core = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.faas.core");
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
        noClasses().that().resideInAPackage("io.faas.core")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus..",
                        "software.amazon..")
                .check(core);
    }
}
