package io.faas.validation.internal;

import io.faas.core.PythonValidator;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records {@code graalpy-classes.txt}, the classes {@link ClassPreloader} loads: runs a fresh JVM
 * with {@code -Xlog:class+load} that starts a validator and validates a few sources, and keeps the
 * classes of GraalPy, Truffle, the polyglot API and this package that came from the classpath, in
 * load order. Run it again after upgrading GraalPy:
 *
 * <pre>
 * ./mvnw -q -pl faas-core test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp faas-core/target/test-classes:faas-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.faas.validation.internal.PreloadListTool \
 *     faas-validation/src/main/resources/io/faas/validation/internal/graalpy-classes.txt
 * </pre>
 */
public final class PreloadListTool {

    private static final List<String> PREFIXES = List.of("com.oracle.graal.python.", "com.oracle.truffle.",
            "org.graalvm.", "io.faas.validation.internal.");

    private PreloadListTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            train();
            return;
        }
        Path out = Path.of(args[0]);
        Path log = Files.createTempFile("class-load-", ".log");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + log, "-Dfaas.validator.preload=false", "-cp", System.getProperty("java.class.path"),
                    PreloadListTool.class.getName(), "--train").inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("training run failed: " + p.exitValue());
            }
            Set<String> names = new LinkedHashSet<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                // [0.123s][info][class,load] com.example.Name source: file:/...jar
                int at = line.indexOf("] ");
                int src = line.indexOf(" source: ");
                if (at < 0 || src < 0 || line.contains("source: jrt:/") || line.contains("shared objects file")) {
                    continue;
                }
                String name = line.substring(at + 2, src);
                if (name.contains("$$") || name.contains("/") || PREFIXES.stream().noneMatch(name::startsWith)
                        || name.startsWith(PreloadListTool.class.getName())) {
                    continue;
                }
                names.add(name);
            }
            List<String> lines = new ArrayList<>();
            lines.add("# Classes the first GraalPy start of a JVM loads, in order: see ClassPreloader and PreloadListTool.");
            lines.addAll(names);
            Files.write(out, lines, StandardCharsets.UTF_8);
            System.out.println(names.size() + " classes written to " + out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** What the recorded JVM does: a first start and a few validations, as a host application would. */
    private static void train() {
        try (PythonValidator v = Validators.graalPy(ValidatorSettings.builder().poolSize(2).build())) {
            v.start();
            v.validate("a.py", "import os\n\ndef handler(event, context):\n    return undefined + f'{event!r:>3}'\n");
            v.validate("b.py", "def f(:\n    pass\n");
            v.validateFunction("c.py", "x: 'List[int]' = []\n# type: ignore\n", "handler");
        }
    }
}
