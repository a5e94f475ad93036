package io.faas.validation.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPreloaderTest {

    @Test
    void theListMatchesTheGraalPyOnTheClasspath() {
        List<String> names = ClassPreloader.names();
        assertThat(names).hasSizeGreaterThan(5_000).doesNotHaveDuplicates();
        ClassLoader loader = ClassPreloaderTest.class.getClassLoader();
        long present = names.stream()
                .filter(n -> loader.getResource(n.replace('.', '/') + ".class") != null)
                .count();
        // After a GraalPy upgrade, record the list again with PreloadListTool.
        assertThat(present).as("classes of graalpy-classes.txt found on the classpath")
                .isGreaterThan(names.size() * 95L / 100);
    }

    @Test
    void loadsWhatExistsAndGivesUpOnAListThatDoesNotFit() {
        ClassLoader loader = ClassPreloaderTest.class.getClassLoader();
        List<String> names = new ArrayList<>(List.of("java.lang.String", "no.such.Thing", "io.faas.validation.internal.PyNode"));
        assertThat(ClassPreloader.preload(loader, names)).isEqualTo(2);
        List<String> stale = new ArrayList<>(Collections.nCopies(1_000, "no.such.Thing"));
        stale.add(0, "java.lang.String");
        // Loaded last to first: the misses come first and it stops before reaching String.
        assertThat(ClassPreloader.preload(loader, stale)).isZero();
    }
}
