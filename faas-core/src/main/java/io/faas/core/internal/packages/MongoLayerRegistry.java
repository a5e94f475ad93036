package io.faas.core.internal.packages;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Layer;
import io.faas.api.LayerRegistry;
import io.faas.api.Names;
import io.faas.api.PayloadTooLargeException;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import org.bson.Document;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Layers in MongoDB: {@code layers} maps each name to the digest of its current content, which
 * {@link MongoPackageStore} holds like any package (stored first, so a name never points at
 * nothing). Thread-safe.
 */
public final class MongoLayerRegistry implements LayerRegistry {

    private final MongoStore store;
    private final MongoPackageStore packages;
    private final PipResolver pip;
    private final long maxBytes;

    public MongoLayerRegistry(MongoStore store, MongoPackageStore packages, PipResolver pip, long maxBytes) {
        this.store = store;
        this.packages = packages;
        this.pip = pip;
        this.maxBytes = maxBytes;
    }

    @Override
    public Layer putWheels(String name, Map<String, byte[]> wheels) {
        requireName(name);
        long total = wheels.values().stream().mapToLong(w -> w.length).sum();
        if (total > maxBytes) {
            throw new PayloadTooLargeException("wheels of layer '" + name + "'", total, maxBytes);
        }
        return refusedAsLayer(name, () -> {
            PipResolver.requireWheelNames(name, wheels.keySet());
            for (Map.Entry<String, byte[]> wheel : wheels.entrySet()) {
                // a wheel is a zip archive: the same checks as a package's, before pip unpacks it
                PackageArchive.check(name, wheel.getKey(), wheel.getValue(), maxBytes);
            }
            return save(name, pip.installWheels(name, wheels), new ArrayList<>(new TreeMap<>(wheels).keySet()));
        });
    }

    @Override
    public Layer putRequirements(String name, String requirements) {
        requireName(name);
        if (requirements == null || !PipResolver.hasRequirements(requirements)) {
            throw new IllegalArgumentException("layer '" + name + "' is refused: it needs at least one requirement");
        }
        List<String> lines = requirements.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        return refusedAsLayer(name, () -> save(name, pip.resolve(name, requirements), lines));
    }

    /** The checks shared with packages speak of functions: here they refuse the layer. */
    private static Layer refusedAsLayer(String name, java.util.function.Supplier<Layer> put) {
        try {
            return put.get();
        } catch (InvalidFunctionException e) {
            throw new IllegalArgumentException("layer '" + name + "' is refused: "
                    + e.getMessage().replaceFirst("^function '[^']*' is invalid: ", ""), e);
        }
    }

    private Layer save(String name, PackageArchive content, List<String> sources) {
        String digest = packages.put(content);
        Layer layer = new Layer(name, digest, sources, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        MongoErrors.run("store layer " + name, () -> store.layers().replaceOne(Filters.eq("_id", name),
                new Document("_id", name).append("digest", digest).append("sources", sources)
                        .append("updatedAt", Date.from(layer.updatedAt())), new ReplaceOptions().upsert(true)));
        return layer;
    }

    @Override
    public Optional<Layer> get(String name) {
        if (!Names.isValidFunctionName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read layer " + name, () -> Optional.ofNullable(
                store.layers().find(Filters.eq("_id", name)).first()).map(MongoLayerRegistry::layer));
    }

    @Override
    public List<Layer> list() {
        return MongoErrors.run("list layers", () -> {
            List<Layer> all = new ArrayList<>();
            for (Document d : store.layers().find().sort(new Document("_id", 1))) {
                all.add(layer(d));
            }
            return all;
        });
    }

    @Override
    public boolean delete(String name) {
        if (!Names.isValidFunctionName(name)) {
            return false;
        }
        return MongoErrors.run("delete layer " + name,
                () -> store.layers().deleteOne(Filters.eq("_id", name)).getDeletedCount() > 0);
    }

    /**
     * The layers of a spec each pinned to a digest: a bare name to the layer's current one.
     *
     * @throws InvalidFunctionException naming the first layer that does not exist, or a digest that is not stored
     */
    public List<String> pin(String function, List<String> layers) {
        List<String> pinned = new ArrayList<>();
        for (String layer : layers) {
            int at = layer.indexOf('@');
            if (at < 0) {
                pinned.add(get(layer).orElseThrow(() -> new InvalidFunctionException(function, "there is no layer '"
                        + layer + "'")).pinned());
            } else if (packages.exists(layer.substring(at + 1))) {
                pinned.add(layer);
            } else {
                throw new InvalidFunctionException(function, "layer '" + layer + "' names content that is not stored");
            }
        }
        return pinned;
    }

    private static Layer layer(Document d) {
        return new Layer(d.getString("_id"), d.getString("digest"), d.getList("sources", String.class, List.of()),
                d.getDate("updatedAt").toInstant());
    }

    private static void requireName(String name) {
        if (!Names.isValidFunctionName(name)) {
            throw new IllegalArgumentException("layer name '" + name + "' must match [a-zA-Z][a-zA-Z0-9_-]{0,63}");
        }
    }
}
