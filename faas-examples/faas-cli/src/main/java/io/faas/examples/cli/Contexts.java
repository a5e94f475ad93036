package io.faas.examples.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The named admin apps of {@code faas login}, and which one is current, in one file of
 * {@code key=value} lines, written with mode 600 (it holds tokens) in a directory of mode 700:
 * <pre>
 * current-context=local
 * context.local.url=http://localhost:8080
 * context.local.token=faas_...
 * </pre>
 * Not thread-safe; two CLIs saving at once: the last one wins, and the file is never half-written.
 */
final class Contexts {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    /** A named admin app; {@link #toString()} never shows the token. */
    record Context(String name, String url, String token) {
        @Override
        public String toString() {
            return "Context[name=" + name + ", url=" + url + "]";
        }
    }

    private final Path file;
    private final Map<String, Context> contexts = new TreeMap<>();
    private String current;

    private Contexts(Path file) {
        this.file = file;
    }

    static Contexts load(Path file) {
        Contexts c = new Contexts(file);
        if (!Files.exists(file)) {
            return c;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("context.") && key.endsWith(".url")) {
                String name = key.substring("context.".length(), key.length() - ".url".length());
                c.contexts.put(name, new Context(name, p.getProperty(key),
                        p.getProperty("context." + name + ".token")));
            }
        }
        c.current = p.getProperty("current-context");
        return c;
    }

    Path file() {
        return file;
    }

    List<Context> list() {
        return new ArrayList<>(contexts.values());
    }

    Optional<Context> get(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    Optional<Context> current() {
        return current == null ? Optional.empty() : get(current);
    }

    String currentName() {
        return current;
    }

    /** Adds or replaces a context and makes it current. */
    void put(Context context) {
        if (!NAME.matcher(context.name()).matches()) {
            throw CliException.usage("context name '" + context.name()
                    + "' must be letters, digits, '-' and '_' (at most 63)");
        }
        contexts.put(context.name(), context);
        current = context.name();
    }

    void use(String name) {
        if (!contexts.containsKey(name)) {
            throw new CliException(ExitCodes.NOT_FOUND, "no context '" + name + "'"
                    + (contexts.isEmpty() ? ": run faas login first" : "; there are: " + String.join(", ", contexts.keySet())));
        }
        current = name;
    }

    /** Writes the file: a new one with mode 600 beside it, then moved over the old one. */
    void save() {
        StringBuilder text = new StringBuilder("# faas CLI contexts, written by faas login and faas context use."
                + " Holds tokens: keep it mode 600.\n");
        if (current != null) {
            text.append("current-context=").append(current).append('\n');
        }
        for (Context c : contexts.values()) {
            text.append("context.").append(c.name()).append(".url=").append(escape(c.url())).append('\n');
            if (c.token() != null) {
                text.append("context.").append(c.name()).append(".token=").append(escape(c.token())).append('\n');
            }
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = posix
                    ? Files.createTempFile(dir, ".config", ".tmp", PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".config", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getCause().getMessage());
        }
    }

    /** What {@link Properties#load} reads back as {@code value}. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f' || ch == '#' || ch == '!'
                    || ch == '=' || ch == ':') {
                out.append('\\');
            }
            out.append(ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch == '\t' ? 't' : ch == '\f' ? 'f' : ch);
        }
        return out.toString();
    }
}
