package io.faas.core.internal;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * faas-core's internal packages are grouped by job, and the direction between them is kept here,
 * as Kafka keeps its clients' with {@code import-control.xml}: the jobs (registry, ledger,
 * publish, dispatch, execution) build on the plumbing (store, kafka, json, secrets, common), never
 * the other way round; {@code internal} itself only wires them together.
 */
class PackageRulesTest {

    private static final String INTERNAL = "io.faas.core.internal";
    private static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        try {
            config.setResolveMissingDependenciesFromClassPath(false);
            core = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.faas.core");
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void internalPackagesAreFreeOfCycles() {
        slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void jobsBuildOnPlumbingAndOnlyTheWiringSeesEveryJob() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Public").definedBy("io.faas.core", "io.faas.core.spi")
                .layer("Wiring").definedBy(INTERNAL)
                .layer("Dispatch").definedBy(INTERNAL + ".dispatch..")
                .layer("Publish").definedBy(INTERNAL + ".publish..")
                .layer("Registry").definedBy(INTERNAL + ".registry..")
                .layer("Ledger").definedBy(INTERNAL + ".ledger..")
                .layer("Execution").definedBy(INTERNAL + ".execution..")
                .layer("Plumbing").definedBy(INTERNAL + ".store..", INTERNAL + ".kafka..", INTERNAL + ".json..",
                        INTERNAL + ".secrets..", INTERNAL + ".common..")
                .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Public")
                .whereLayer("Dispatch").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Publish").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Registry").mayOnlyBeAccessedByLayers("Wiring", "Dispatch", "Publish")
                .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Wiring", "Dispatch", "Publish")
                .whereLayer("Execution").mayOnlyBeAccessedByLayers("Public", "Wiring", "Dispatch", "Registry")
                .check(core);
    }

    @Test
    void onlyTheStoreAndTheJobsItServesTouchMongoDb() {
        noClasses().that().resideInAnyPackage(INTERNAL + ".dispatch..", INTERNAL + ".publish..",
                        INTERNAL + ".execution..", INTERNAL + ".kafka..", INTERNAL + ".json..", INTERNAL + ".common..")
                .should().dependOnClassesThat().resideInAPackage("com.mongodb..")
                .check(core);
    }

    @Test
    void theExecutorsDoNotTouchKafka() {
        noClasses().that().resideInAnyPackage(INTERNAL + ".execution..", INTERNAL + ".store..",
                        INTERNAL + ".ledger..", INTERNAL + ".secrets..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(core);
    }
}
