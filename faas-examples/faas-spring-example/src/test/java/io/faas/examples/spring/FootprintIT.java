package io.faas.examples.spring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Spring Boot host app with the starter and Java functions only pays for faas: its
 * runnable jar (built before the integration tests run) stays at most 60 MB, with none of the
 * optional artifacts' heavy libraries inside.
 */
class FootprintIT {

    private static final long LIMIT = 60L * 1024 * 1024;

    @Test
    void theRunnableJarHasNoneOfTheOptionalArtifactsAndStaysUnder60Mb() throws IOException {
        Path jar = Path.of(System.getProperty("faas.example.jar", "target/faas-spring-example.jar"));
        assertThat(jar).as("built by the package phase").exists();

        List<String> libs;
        try (JarFile file = new JarFile(jar.toFile())) {
            libs = file.stream().map(ZipEntry::getName).filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
        }
        assertThat(libs).as("the libraries in the jar").isNotEmpty()
                .anyMatch(n -> n.startsWith("faas-core-"))
                .anyMatch(n -> n.startsWith("kafka-clients-"))
                .anyMatch(n -> n.startsWith("mongodb-driver-sync-"))
                .noneMatch(n -> n.startsWith("polyglot-") || n.startsWith("python-language-")
                        || n.startsWith("truffle-") || n.startsWith("icu4j-"))
                .noneMatch(n -> n.startsWith("sshj-") || n.startsWith("bcprov-"))
                .noneMatch(n -> n.startsWith("ec2-") || n.startsWith("aws-core-") || n.startsWith("sdk-core-"))
                .noneMatch(n -> n.startsWith("kafka_2.13-") || n.startsWith("scala-library-")
                        || n.startsWith("mongo-java-server-"))
                .noneMatch(n -> n.startsWith("faas-validation-") || n.startsWith("faas-ssh-")
                        || n.startsWith("faas-ec2-") || n.startsWith("faas-testkit-"));
        assertThat(Files.size(jar)).as("bytes of %s", jar).isLessThanOrEqualTo(LIMIT);
    }
}
