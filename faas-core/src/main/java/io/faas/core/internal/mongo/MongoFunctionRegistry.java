package io.faas.core.internal.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.faas.api.CodeValidator;
import io.faas.api.ConcurrentUpdateException;
import io.faas.api.Diagnostic;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRegistry;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Names;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.TopicNotFoundException;
import io.faas.core.PythonSettings;
import io.faas.core.internal.Hashing;
import io.faas.core.internal.RegistryChanges;
import io.faas.core.internal.java.JavaFunctionExecutor;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Functions stored in MongoDB: the current version of each in {@code functions} (keyed by name,
 * so the name is claimed atomically) and every version in {@code function_versions}. Without
 * transactions, each write claims first and undoes its claim if the second write fails.
 */
public final class MongoFunctionRegistry implements FunctionRegistry {

    private final MongoStore store;
    private final CodeValidator validator;
    private final boolean blockOnWarnings;
    private final long maxSourceBytes;
    private final JavaFunctionExecutor javaFunctions;
    private final RegistryChanges changes;
    private final Object javaLock = new Object();
    private final PythonSettings limits;

    public MongoFunctionRegistry(MongoStore store, CodeValidator validator, boolean blockOnWarnings,
                                 long maxSourceBytes, JavaFunctionExecutor javaFunctions, RegistryChanges changes) {
        this(store, validator, blockOnWarnings, maxSourceBytes, javaFunctions, changes, null);
    }

    /** @param limits the operator's caps that a Python spec is checked against; {@code null} checks none */
    public MongoFunctionRegistry(MongoStore store, CodeValidator validator, boolean blockOnWarnings,
                                 long maxSourceBytes, JavaFunctionExecutor javaFunctions, RegistryChanges changes,
                                 PythonSettings limits) {
        this.limits = limits;
        this.store = store;
        this.validator = validator;
        this.blockOnWarnings = blockOnWarnings;
        this.maxSourceBytes = maxSourceBytes;
        this.javaFunctions = javaFunctions;
        this.changes = changes;
    }

    // ---- writes ----------------------------------------------------------------------------

    @Override
    public FunctionVersion register(FunctionSpec spec, String source) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        checkSource(spec, source);
        requireTopics(spec);
        FunctionVersion fv = new FunctionVersion(spec, 1, source, pythonHash(spec, source), now());
        insertNew(fv);
        changes.changed("function " + spec.name());
        return fv;
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, String source) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        checkSource(spec, source);
        requireTopics(spec);
        Document current = requireCurrent(spec.name());
        if (!FunctionRuntime.PYTHON.name().equals(current.getString("runtime"))) {
            throw new InvalidFunctionException(spec.name(), "it is a Java function; update it with a handler");
        }
        FunctionVersion next = new FunctionVersion(spec, version(current) + 1, source, pythonHash(spec, source), now());
        replaceCurrent(current, next);
        changes.changed("function " + spec.name());
        return next;
    }

    @Override
    public FunctionVersion register(FunctionSpec spec, FunctionHandler handler) {
        requireRuntime(spec, FunctionRuntime.JAVA);
        Objects.requireNonNull(handler, "handler");
        requireTopics(spec);
        String hash = javaHash(handler);
        synchronized (javaLock) {
            if (!javaFunctions.canBind(spec.name(), handler)) {
                throw new DuplicateFunctionException(spec.name(), "another handler is registered for it in this process");
            }
            Document current = MongoErrors.run("read function " + spec.name(),
                    () -> store.functions().find(Filters.eq("_id", spec.name())).first());
            if (current != null && !FunctionRuntime.JAVA.name().equals(current.getString("runtime"))) {
                throw new DuplicateFunctionException(spec.name(), "it is a Python function");
            }
            boolean bound = javaFunctions.bind(spec.name(), handler);
            try {
                FunctionVersion result;
                if (current == null) {
                    result = new FunctionVersion(spec, 1, null, hash, now());
                    insertNew(result);
                } else {
                    FunctionVersion existing = Documents.toFunctionVersion(current);
                    if (existing.spec().equals(spec) && existing.sourceHash().equals(hash)) {
                        return existing;
                    }
                    result = new FunctionVersion(spec, existing.version() + 1, null, hash, now());
                    replaceCurrent(current, result);
                }
                changes.changed("function " + spec.name());
                return result;
            } catch (RuntimeException e) {
                if (bound) {
                    javaFunctions.unbind(spec.name());
                }
                throw e;
            }
        }
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, FunctionHandler handler) {
        requireRuntime(spec, FunctionRuntime.JAVA);
        Objects.requireNonNull(handler, "handler");
        requireTopics(spec);
        synchronized (javaLock) {
            Document current = requireCurrent(spec.name());
            if (!FunctionRuntime.JAVA.name().equals(current.getString("runtime"))) {
                throw new InvalidFunctionException(spec.name(), "it is a Python function; update it with source code");
            }
            FunctionVersion next = new FunctionVersion(spec, version(current) + 1, null, javaHash(handler), now());
            replaceCurrent(current, next);
            javaFunctions.rebind(spec.name(), handler);
            changes.changed("function " + spec.name());
            return next;
        }
    }

    @Override
    public void delete(String name) {
        if (!Names.isValidFunctionName(name)) {
            throw new FunctionNotFoundException(name);
        }
        long deleted = MongoErrors.run("delete function " + name,
                () -> store.functions().deleteOne(Filters.eq("_id", name)).getDeletedCount());
        if (deleted == 0) {
            throw new FunctionNotFoundException(name);
        }
        MongoErrors.run("delete versions of function " + name,
                () -> store.functionVersions().deleteMany(Filters.eq("name", name)));
        javaFunctions.unbind(name);
        changes.changed("function " + name);
    }

    private void insertNew(FunctionVersion fv) {
        try {
            store.functions().insertOne(Documents.functionDocument(fv));
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new DuplicateFunctionException(fv.name());
            }
            throw MongoErrors.unavailable("store function " + fv.name(), e);
        }
        try {
            // A leftover version document of an earlier function of the same name is replaced.
            store.functionVersions().replaceOne(Filters.eq("_id", Documents.versionId(fv.name(), fv.version())),
                    Documents.versionDocument(fv), new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            undo(() -> store.functions().deleteOne(Filters.eq("_id", fv.name())));
            throw MongoErrors.unavailable("store version 1 of function " + fv.name(), e);
        }
    }

    private void replaceCurrent(Document current, FunctionVersion next) {
        long matched;
        try {
            matched = store.functions().replaceOne(
                    Filters.and(Filters.eq("_id", next.name()), Filters.eq("version", version(current))),
                    Documents.functionDocument(next)).getMatchedCount();
        } catch (MongoException e) {
            throw MongoErrors.unavailable("update function " + next.name(), e);
        }
        if (matched == 0) {
            if (store.functions().find(Filters.eq("_id", next.name())).first() == null) {
                throw new FunctionNotFoundException(next.name());
            }
            throw new ConcurrentUpdateException("function '" + next.name() + "' was changed by another caller since"
                    + " version " + version(current) + "; read it again and retry");
        }
        try {
            store.functionVersions().replaceOne(Filters.eq("_id", Documents.versionId(next.name(), next.version())),
                    Documents.versionDocument(next), new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            undo(() -> store.functions().replaceOne(
                    Filters.and(Filters.eq("_id", next.name()), Filters.eq("version", next.version())), current));
            throw MongoErrors.unavailable("store version " + next.version() + " of function " + next.name(), e);
        }
    }

    private static void undo(Runnable undo) {
        try {
            undo.run();
        } catch (MongoException ignored) {
            // The original failure is what the caller needs to see; MongoDB is likely down for both.
        }
    }

    // ---- checks ----------------------------------------------------------------------------

    private static void requireRuntime(FunctionSpec spec, FunctionRuntime runtime) {
        Objects.requireNonNull(spec, "spec");
        if (spec.runtime() != runtime) {
            throw new InvalidFunctionException(spec.name(), "a " + spec.runtime() + " spec needs "
                    + (spec.runtime() == FunctionRuntime.PYTHON ? "source code" : "a FunctionHandler"));
        }
    }

    private void checkSource(FunctionSpec spec, String source) {
        if (limits != null) {
            limits.requireWithinLimits(spec);
        }
        if (source == null || source.isBlank()) {
            throw new InvalidFunctionException(spec.name(), "the source code is empty");
        }
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxSourceBytes) {
            throw new PayloadTooLargeException("source of function '" + spec.name() + "'", size, maxSourceBytes);
        }
        if (validator == null) {
            return;
        }
        List<Diagnostic> diagnostics = validator.validateFunction(spec.name() + ".py", source, spec.handler());
        boolean blocked = diagnostics.stream()
                .anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR || blockOnWarnings);
        if (blocked) {
            throw new InvalidFunctionException(spec.name(), diagnostics);
        }
    }

    private void requireTopics(FunctionSpec spec) {
        if (spec.topics().isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        MongoErrors.run("read topics", () -> {
            for (Document d : store.topics().find(Filters.in("_id", spec.topics())).projection(new Document("_id", 1))) {
                found.add(d.getString("_id"));
            }
            return null;
        });
        for (String topic : new TreeSet<>(spec.topics())) {
            if (!found.contains(topic)) {
                throw new TopicNotFoundException(topic);
            }
        }
    }

    private Document requireCurrent(String name) {
        Document current = MongoErrors.run("read function " + name,
                () -> store.functions().find(Filters.eq("_id", name)).first());
        if (current == null) {
            throw new FunctionNotFoundException(name);
        }
        return current;
    }

    private static int version(Document d) {
        return ((Number) d.get("version")).intValue();
    }

    private static String pythonHash(FunctionSpec spec, String source) {
        return Hashing.sha256("python", spec.handler(), source);
    }

    private static String javaHash(FunctionHandler handler) {
        return Hashing.sha256("java", handler.getClass().getName());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- reads -----------------------------------------------------------------------------

    @Override
    public Optional<FunctionVersion> get(String name) {
        if (!Names.isValidFunctionName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read function " + name, () -> Optional.ofNullable(
                store.functions().find(Filters.eq("_id", name)).first()).map(Documents::toFunctionVersion));
    }

    @Override
    public Optional<FunctionVersion> get(String name, int version) {
        if (!Names.isValidFunctionName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read function " + name, () -> Optional.ofNullable(
                store.functionVersions().find(Filters.eq("_id", Documents.versionId(name, version))).first())
                .map(Documents::toFunctionVersion));
    }

    @Override
    public List<FunctionVersion> list() {
        return query("list functions", () -> store.functions().find().sort(new Document("_id", 1)));
    }

    @Override
    public List<FunctionVersion> versions(String name) {
        if (get(name).isEmpty()) {
            throw new FunctionNotFoundException(name);
        }
        return query("list versions of function " + name,
                () -> store.functionVersions().find(Filters.eq("name", name)).sort(new Document("version", 1)));
    }

    @Override
    public List<FunctionVersion> functionsFor(String topic) {
        return query("list functions of topic " + topic,
                () -> store.functions().find(Filters.eq("topics", topic)).sort(new Document("_id", 1)));
    }

    private static List<FunctionVersion> query(String action,
                                               java.util.function.Supplier<Iterable<Document>> find) {
        return MongoErrors.run(action, () -> {
            List<FunctionVersion> list = new ArrayList<>();
            for (Document d : find.get()) {
                list.add(Documents.toFunctionVersion(d));
            }
            return list;
        });
    }
}
