package io.faas.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A shared layer: a named set of installed Python distributions that several functions put on
 * their {@code sys.path} ({@link FunctionSpec#layers()}), like a Lambda layer. Each change of a
 * layer stores a new content under a new digest; a function version keeps the digest it was
 * stored with.
 *
 * @param name      unique name, {@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}
 * @param digest    SHA-256 (hex) of the layer's current content
 * @param sources   what it was made from: the wheel files' names, or the requirement lines
 * @param updatedAt when the current content was stored
 * @since 0.3
 */
public record Layer(String name, String digest, List<String> sources, Instant updatedAt) {

    public Layer {
        Names.requireFunctionName(name);
        Objects.requireNonNull(digest, "digest");
        sources = List.copyOf(sources);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** This layer's content as a {@link FunctionSpec#layers()} entry that stays on it: {@code name@digest}. */
    public String pinned() {
        return name + "@" + digest;
    }
}
