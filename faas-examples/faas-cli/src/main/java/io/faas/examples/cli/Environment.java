package io.faas.examples.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the CLI reads from outside its arguments: environment variables and standard
 * input. Tests pass their own, so that no test reads or writes the real {@code ~/.config/faas}.
 *
 * @param variables {@code FAAS_URL}, {@code FAAS_TOKEN}, {@code FAAS_CONFIG}, {@code FAAS_ADMIN_JAR},
 *                  {@code XDG_CONFIG_HOME}, {@code HOME}
 * @param stdin     read by {@code faas publish TOPIC -} and {@code faas login URL --token -}
 */
record Environment(Map<String, String> variables, InputStream stdin) {

    static Environment system() {
        return new Environment(System.getenv(), System.in);
    }

    String get(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * {@code FAAS_CONFIG} if set, else {@code $XDG_CONFIG_HOME/faas/config}, else
     * {@code ~/.config/faas/config}.
     */
    Path configFile() {
        if (get("FAAS_CONFIG") != null) {
            return Path.of(get("FAAS_CONFIG"));
        }
        if (get("XDG_CONFIG_HOME") != null) {
            return Path.of(get("XDG_CONFIG_HOME"), "faas", "config");
        }
        String home = get("HOME") != null ? get("HOME") : System.getProperty("user.home");
        return Path.of(home, ".config", "faas", "config");
    }
}
