package io.faas.core.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wheels built here for tests, since no public index is reachable: {@code pip wheel} of a small
 * local project (setuptools, no build isolation, no index).
 */
public final class Wheels {

    private Wheels() {
    }

    /**
     * Builds the wheel of a pure-Python distribution into {@code wheelhouse}.
     *
     * @param modules  top-level module files of the distribution, by name ({@code shout.py})
     * @param requires its dependencies, such as {@code shoutlib==1.0}
     */
    public static void build(Path wheelhouse, String name, String version, Map<String, String> modules,
                             List<String> requires) throws IOException, InterruptedException {
        Path project = Files.createTempDirectory("faas-wheel-" + name);
        StringBuilder pyproject = new StringBuilder()
                .append("[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n\n")
                .append("[project]\nname = \"").append(name).append("\"\nversion = \"").append(version)
                .append("\"\ndependencies = [");
        for (String r : requires) {
            pyproject.append('"').append(r).append("\", ");
        }
        pyproject.append("]\n\n[tool.setuptools]\npy-modules = [");
        for (String module : modules.keySet()) {
            pyproject.append('"').append(module.replace(".py", "")).append("\", ");
        }
        pyproject.append("]\n");
        Files.writeString(project.resolve("pyproject.toml"), pyproject);
        for (Map.Entry<String, String> m : modules.entrySet()) {
            Files.writeString(project.resolve(m.getKey()), m.getValue());
        }
        Files.createDirectories(wheelhouse);
        // Debian's python3 has what building needs (python3-pip, -setuptools, -wheel: .ci/run installs them);
        // the wheels are pure Python (py3-none-any), so any worker interpreter installs them.
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process pip = new ProcessBuilder(python, "-m", "pip", "wheel", "--no-build-isolation", "--no-index",
                "--no-deps", "--disable-pip-version-check", "-q", "-w", wheelhouse.toString(), project.toString())
                .redirectErrorStream(true).start();
        pip.getOutputStream().close();
        byte[] output = pip.getInputStream().readAllBytes();
        if (!pip.waitFor(120, TimeUnit.SECONDS) || pip.exitValue() != 0) {
            throw new IllegalStateException("pip wheel of " + name + " failed (python3-pip, python3-setuptools and"
                    + " python3-wheel are needed): " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
