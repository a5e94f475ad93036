package io.faas.core.internal.registry;

import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import io.faas.core.internal.store.Quarantine;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.faas.api.CodeValidator;
import io.faas.api.ConcurrentUpdateException;
import io.faas.api.Diagnostic;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionRegistry;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Names;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.Secrets;
import io.faas.api.Subscription;
import io.faas.api.TopicNotFoundException;
import io.faas.core.PythonSettings;
import io.faas.core.internal.common.Hashing;
import io.faas.core.internal.execution.java.JavaFunctionExecutor;
import io.faas.core.internal.packages.MongoLayerRegistry;
import io.faas.core.internal.packages.MongoPackageStore;
import io.faas.core.internal.packages.PackageArchive;
import io.faas.core.internal.packages.PipResolver;
import io.faas.core.internal.secrets.SecretsCipher;
import io.faas.core.internal.secrets.SecretsUnavailableException;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Functions stored in MongoDB: the current version of each in {@code functions} (keyed by name,
 * so the name is claimed atomically) and every version in {@code function_versions}. Without
 * transactions, each write claims first and undoes its claim if the second write fails.
 *
 * <p>Secrets belong to the function, not to a version: the {@code functions} document holds them
 * sealed by a {@link SecretsCipher}; version documents record only the secret names of their time.
 * The current document is replaced whole, guarded by its version, so a secret change and the new
 * version land together or not at all.
 *
 * <p>A function is mapped to a topic only while the topic is {@code READY}: each write stores the
 * function first and then reads its topics again, undoing itself if one is gone or being deleted;
 * a topic delete marks the topic first and then looks for functions (see
 * {@link MongoTopicRegistry}). Whichever order the two run in, one of them sees the other, so no
 * function is left mapped to a deleted topic.
 */
public final class MongoFunctionRegistry implements FunctionRegistry {

    private final MongoStore store;
    private final CodeValidator validator;
    private final boolean blockOnWarnings;
    private final long maxSourceBytes;
    private final JavaFunctionExecutor javaFunctions;
    private final RegistryChanges changes;
    private final SecretsCipher cipher;
    private final Object javaLock = new Object();
    private final Quarantine quarantine = new Quarantine("function");
    private final Quarantine versionQuarantine = new Quarantine("function version");
    private final PythonSettings limits;
    private final MongoPackageStore packages;
    private final long maxPackageBytes;
    private final PipResolver pip;
    private final MongoLayerRegistry layers;

    /**
     * @param limits          the operator's caps that a Python spec is checked against; {@code null} checks none
     * @param maxPackageBytes largest package archive
     */
    public MongoFunctionRegistry(MongoStore store, CodeValidator validator, boolean blockOnWarnings,
                                 long maxSourceBytes, JavaFunctionExecutor javaFunctions, RegistryChanges changes,
                                 SecretsCipher cipher, PythonSettings limits, long maxPackageBytes,
                                 MongoLayerRegistry layers) {
        this.layers = layers;
        this.limits = limits;
        this.packages = new MongoPackageStore(store);
        this.maxPackageBytes = maxPackageBytes;
        this.pip = new PipResolver(limits != null ? limits : PythonSettings.defaults(), maxPackageBytes);
        this.store = store;
        this.cipher = cipher;
        this.validator = validator;
        this.blockOnWarnings = blockOnWarnings;
        this.maxSourceBytes = maxSourceBytes;
        this.javaFunctions = javaFunctions;
        this.changes = changes;
    }

    // ---- writes ----------------------------------------------------------------------------

    @Override
    public FunctionVersion register(FunctionSpec spec, String source, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        return registerPython(spec, secrets, checkSource(spec, source));
    }

    @Override
    public FunctionVersion register(FunctionSpec spec, FunctionPackage code, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        return registerPython(spec, secrets, checkPackage(spec, code));
    }

    private FunctionVersion registerPython(FunctionSpec requested, Secrets secrets, PythonCode code) {
        Objects.requireNonNull(secrets, "secrets");
        requireAliases(requested, Set::of);
        requireTopics(requested);
        FunctionSpec spec = withPinnedLayers(requested);
        code.store(packages);
        Map<String, byte[]> sealed = seal(spec.name(), Map.of(), secrets);
        FunctionVersion fv = code.version(withNames(spec, sealed), 1);
        insertNew(fv, sealed);
        changes.changed("function " + spec.name());
        return fv;
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, String source, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        return updatePython(spec, secrets, checkSource(spec, source));
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, FunctionPackage code, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.PYTHON);
        return updatePython(spec, secrets, checkPackage(spec, code));
    }

    private FunctionVersion updatePython(FunctionSpec requested, Secrets secrets, PythonCode code) {
        Objects.requireNonNull(secrets, "secrets");
        requireAliases(requested, () -> MongoAliases.byName(store, requested.name()).keySet());
        requireTopics(requested);
        FunctionSpec spec = withPinnedLayers(requested);
        Document current = requireCurrent(spec.name());
        if (!FunctionRuntime.PYTHON.name().equals(current.getString("runtime"))) {
            throw new InvalidFunctionException(spec.name(), "it is a Java function; update it with a handler");
        }
        code.store(packages);
        Map<String, byte[]> sealed = seal(spec.name(), Documents.sealedSecrets(current), secrets);
        FunctionVersion next = code.version(withNames(spec, sealed), version(current) + 1);
        replaceCurrent(current, next, sealed);
        changes.changed("function " + spec.name());
        return next;
    }

    @Override
    public Optional<FunctionPackage> functionPackage(String name, int version) {
        return get(name, version).filter(FunctionVersion::isPackage)
                .flatMap(fv -> packages.read(fv.packageDigest())).map(FunctionPackage::ofZip);
    }

    @Override
    public FunctionVersion register(FunctionSpec spec, FunctionHandler handler, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.JAVA);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(secrets, "secrets");
        requireAliases(spec, Set::of);
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
                    Map<String, byte[]> sealed = seal(spec.name(), Map.of(), secrets);
                    result = new FunctionVersion(withNames(spec, sealed), 1, null, hash, now());
                    insertNew(result, sealed);
                } else {
                    Optional<FunctionVersion> existing = quarantine.read(current, Documents::toFunctionVersion);
                    // A quarantined document's secrets may not read back either: the fix starts without them.
                    Map<String, byte[]> stored = existing.isPresent() ? Documents.sealedSecrets(current) : Map.of();
                    if (existing.isPresent() && existing.get().spec().equals(withNames(spec, stored))
                            && existing.get().sourceHash().equals(hash) && holds(spec.name(), stored, secrets)) {
                        return existing.get();
                    }
                    Map<String, byte[]> sealed = seal(spec.name(), stored, secrets);
                    result = new FunctionVersion(withNames(spec, sealed), version(current) + 1, null, hash, now());
                    replaceCurrent(current, result, sealed);
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
    public FunctionVersion update(FunctionSpec spec, FunctionHandler handler, Secrets secrets) {
        requireRuntime(spec, FunctionRuntime.JAVA);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(secrets, "secrets");
        requireAliases(spec, Set::of);
        requireTopics(spec);
        synchronized (javaLock) {
            Document current = requireCurrent(spec.name());
            if (!FunctionRuntime.JAVA.name().equals(current.getString("runtime"))) {
                throw new InvalidFunctionException(spec.name(), "it is a Python function; update it with source code");
            }
            Map<String, byte[]> sealed = seal(spec.name(), Documents.sealedSecrets(current), secrets);
            FunctionVersion next = new FunctionVersion(withNames(spec, sealed), version(current) + 1, null,
                    javaHash(handler), now());
            replaceCurrent(current, next, sealed);
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
        MongoErrors.run("delete aliases of function " + name,
                () -> store.aliases().deleteMany(Filters.eq("function", name)));
        javaFunctions.unbind(name);
        changes.changed("function " + name);
    }

    /** The stored sealed secrets with the change applied: new values sealed, removed ones dropped. */
    private Map<String, byte[]> seal(String function, Map<String, byte[]> stored, Secrets change) {
        if (change.isEmpty()) {
            return stored;
        }
        change.applyTo(stored.keySet()); // checks the count
        Map<String, byte[]> out = new TreeMap<>(stored);
        change.removed().forEach(out::remove);
        change.values().forEach((name, value) -> out.put(name, cipher.seal(function, name, value)));
        return out;
    }

    /** Whether the stored secrets already are what the change would make them. */
    private boolean holds(String function, Map<String, byte[]> stored, Secrets change) {
        for (String removed : change.removed()) {
            if (stored.containsKey(removed)) {
                return false;
            }
        }
        try {
            for (Map.Entry<String, String> e : change.values().entrySet()) {
                byte[] sealed = stored.get(e.getKey());
                if (sealed == null || !cipher.open(function, e.getKey(), sealed).equals(e.getValue())) {
                    return false;
                }
            }
        } catch (SecretsUnavailableException e) {
            return false;
        }
        return true;
    }

    /** The spec with each layer pinned to the digest of its content now. */
    private FunctionSpec withPinnedLayers(FunctionSpec spec) {
        if (spec.layers().isEmpty()) {
            return spec;
        }
        requirePackageExecutor(spec, "layers");
        return spec.withLayers(layers.pin(spec.name(), spec.layers()));
    }

    /** The spec with the names of the sealed secrets; refused if a name is also an environment variable. */
    private static FunctionSpec withNames(FunctionSpec spec, Map<String, byte[]> sealed) {
        try {
            return spec.withSecretNames(sealed.keySet());
        } catch (IllegalArgumentException e) {
            throw new InvalidFunctionException(spec.name(), e.getMessage());
        }
    }

    /**
     * The decrypted secrets of the function, by name; empty when it has none or does not exist.
     *
     * @throws SecretsUnavailableException if a stored secret cannot be decrypted with this key
     */
    public Map<String, String> secretValues(String name) {
        if (!Names.isValidFunctionName(name)) {
            return Map.of();
        }
        Document current = MongoErrors.run("read function " + name,
                () -> store.functions().find(Filters.eq("_id", name)).first());
        return current == null ? Map.of() : cipher.openAll(name, Documents.sealedSecrets(current));
    }

    private void insertNew(FunctionVersion fv, Map<String, byte[]> sealed) {
        try {
            store.functions().insertOne(Documents.functionDocument(fv, sealed));
        } catch (MongoException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                throw new DuplicateFunctionException(fv.name());
            }
            throw MongoErrors.unavailable("store function " + fv.name(), e);
        }
        // The name is claimed: aliases an earlier function of the same name left behind would point to this one's versions.
        undo(() -> store.aliases().deleteMany(Filters.eq("function", fv.name())));
        try {
            // A leftover version document of an earlier function of the same name is replaced.
            store.functionVersions().replaceOne(Filters.eq("_id", Documents.versionId(fv.name(), fv.version())),
                    Documents.versionDocument(fv), new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            undo(() -> store.functions().deleteOne(Filters.eq("_id", fv.name())));
            throw MongoErrors.unavailable("store version 1 of function " + fv.name(), e);
        }
        String gone = missingTopic(fv.spec());
        if (gone != null) {
            undo(() -> store.functions().deleteOne(Filters.and(Filters.eq("_id", fv.name()),
                    Filters.eq("version", fv.version()), Filters.eq("createdAt", Date.from(fv.createdAt())))));
            undo(() -> store.functionVersions().deleteOne(Filters.eq("_id", Documents.versionId(fv.name(), fv.version()))));
            throw new TopicNotFoundException(gone);
        }
    }

    private void replaceCurrent(Document current, FunctionVersion next, Map<String, byte[]> sealed) {
        long matched;
        try {
            matched = store.functions().replaceOne(
                    Filters.and(Filters.eq("_id", next.name()), Filters.eq("version", current.get("version"))),
                    Documents.functionDocument(next, sealed)).getMatchedCount();
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
        String gone = missingTopic(next.spec());
        if (gone != null) {
            undo(() -> store.functions().replaceOne(
                    Filters.and(Filters.eq("_id", next.name()), Filters.eq("version", next.version())), current));
            undo(() -> store.functionVersions().deleteOne(
                    Filters.eq("_id", Documents.versionId(next.name(), next.version()))));
            throw new TopicNotFoundException(gone);
        }
    }

    /** The first topic of the spec that is not (or no longer) a READY topic, read after the write. */
    private String missingTopic(FunctionSpec spec) {
        Set<String> referenced = referencedTopics(spec);
        if (referenced.isEmpty()) {
            return null;
        }
        Set<String> found = readyTopics(referenced);
        return referenced.stream().filter(t -> !found.contains(t)).findFirst().orElse(null);
    }

    /** The topics a spec needs: those it subscribes to and its destinations, sorted. */
    private static Set<String> referencedTopics(FunctionSpec spec) {
        Set<String> topics = new TreeSet<>(spec.topics());
        topics.addAll(spec.destinations().topics());
        return topics;
    }

    private Set<String> readyTopics(Set<String> topics) {
        Set<String> found = new HashSet<>();
        MongoErrors.run("read topics", () -> {
            for (Document d : store.topics().find(Filters.and(Filters.in("_id", topics),
                    MongoTopicRegistry.ready())).projection(new Document("_id", 1))) {
                found.add(d.getString("_id"));
            }
            return null;
        });
        return found;
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
        if (spec.runtime() == FunctionRuntime.JAVA && !spec.layers().isEmpty()) {
            throw new InvalidFunctionException(spec.name(), "layers are Python code: a Java function has none");
        }
        if (spec.runtime() != runtime) {
            throw new InvalidFunctionException(spec.name(), "a " + spec.runtime() + " spec needs "
                    + (spec.runtime() == FunctionRuntime.PYTHON ? "source code" : "a FunctionHandler"));
        }
    }

    /** The checked code of a Python version: a single file, or a package to store before the version. */
    private record PythonCode(String source, String hash, PackageArchive archive, PackageArchive layer) {
        /** The layer first: a stored package's layers are always there. */
        void store(MongoPackageStore packages) {
            if (archive != null) {
                packages.put(archive, layer == null ? List.of() : List.of(packages.put(layer)));
            }
        }

        FunctionVersion version(FunctionSpec spec, int version) {
            return new FunctionVersion(spec, version, source, hash, now(), archive == null ? null : archive.digest());
        }
    }

    private PythonCode checkSource(FunctionSpec spec, String source) {
        if (limits != null) {
            limits.requireWithinLimits(spec);
        }
        if (spec.handler().contains(".")) {
            throw new InvalidFunctionException(spec.name(), "handler '" + spec.handler() + "' names a module, which"
                    + " only a package has; a single file's handler is a function name such as 'handler'");
        }
        requireSourceSize(spec, source, spec.name() + ".py");
        requireValid(spec, validate(spec.name() + ".py", source, spec.handler()));
        return new PythonCode(source, pythonHash(spec, source), null, null);
    }

    /**
     * Checks a package: a safe archive under the size limit, the handler's module in it, every
     * first-party module valid, and an executor that can run packages.
     */
    private PythonCode checkPackage(FunctionSpec spec, FunctionPackage code) {
        Objects.requireNonNull(code, "code");
        if (limits != null) {
            limits.requireWithinLimits(spec);
        }
        requirePackageExecutor(spec, "a package");
        int dot = spec.handler().lastIndexOf('.');
        if (dot < 0) {
            throw new InvalidFunctionException(spec.name(), "the handler of a package is module.function, such as"
                    + " 'main.handler'; '" + spec.handler() + "' names no module");
        }
        String module = spec.handler().substring(0, dot);
        String function = spec.handler().substring(dot + 1);
        PackageArchive archive = PackageArchive.read(spec.name(), code.zip(), maxPackageBytes);
        String handlerPath = archive.modulePath(module).orElseThrow(() -> new InvalidFunctionException(spec.name(),
                "the package has no module '" + module + "' for handler '" + spec.handler() + "' (looked for "
                        + module.replace('.', '/') + ".py and " + module.replace('.', '/') + "/__init__.py)"));
        Set<String> vendored = archive.vendored();
        List<Diagnostic> diagnostics = new ArrayList<>();
        String handlerSource = null;
        for (Map.Entry<String, byte[]> file : archive.files().entrySet()) {
            String path = file.getKey();
            if (!path.endsWith(".py") || vendored.contains(path)) {
                continue;
            }
            String source = utf8(spec.name(), path, file.getValue());
            requireSourceSize(spec, source, path);
            boolean handler = path.equals(handlerPath);
            if (handler) {
                handlerSource = source;
            }
            for (Diagnostic d : validate(path, source, handler ? function : null)) {
                // one list for every file: each message says which
                diagnostics.add(new Diagnostic(d.line(), d.column(), path + ": " + d.message(), d.severity()));
            }
        }
        requireValid(spec, diagnostics);
        // Resolved once per package: a package stored before keeps the layer it was stored with.
        PackageArchive layer = archive.requirements().filter(PipResolver::hasRequirements)
                .filter(r -> !packages.exists(archive.digest()))
                .map(r -> pip.resolve(spec.name(), r)).orElse(null);
        return new PythonCode(handlerSource, Hashing.sha256("python-package", spec.handler(), archive.digest()),
                archive, layer);
    }

    private static void requirePackageExecutor(FunctionSpec spec, String what) {
        if (spec.executor() != null && !PACKAGE_EXECUTORS.contains(spec.executor())) {
            throw new InvalidFunctionException(spec.name(), "executor '" + spec.executor() + "' cannot run " + what
                    + "; packages and layers run on the executors " + PACKAGE_EXECUTORS);
        }
    }

    /** The executors that unpack a package into their worker cache; remote ones do not (yet). */
    private static final Set<String> PACKAGE_EXECUTORS = new TreeSet<>(List.of("local", "process"));

    private static String utf8(String function, String path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidFunctionException(function, "module " + path + " of the package is not UTF-8 text");
        }
    }

    private void requireSourceSize(FunctionSpec spec, String source, String fileName) {
        if (source == null || source.isBlank()) {
            if (fileName.endsWith("__init__.py") && source != null) {
                return; // an empty package marker is fine
            }
            throw new InvalidFunctionException(spec.name(), "the source code is empty");
        }
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxSourceBytes) {
            throw new PayloadTooLargeException("source " + fileName + " of function '" + spec.name() + "'", size,
                    maxSourceBytes);
        }
    }

    /** What the validator finds in one file; with a handler name, the function contract too. */
    private List<Diagnostic> validate(String fileName, String source, String handler) {
        if (validator == null || source.isBlank()) {
            return List.of();
        }
        return handler == null ? validator.validate(fileName, source)
                : validator.validateFunction(fileName, source, handler);
    }

    private void requireValid(FunctionSpec spec, List<Diagnostic> diagnostics) {
        boolean blocked = diagnostics.stream()
                .anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR || blockOnWarnings);
        if (blocked) {
            throw new InvalidFunctionException(spec.name(), diagnostics);
        }
    }

    /**
     * Refuses a subscription naming an alias the function does not have (a new function, and a
     * Java one, has only {@code latest}). The aliases are read only when a subscription names one.
     */
    private static void requireAliases(FunctionSpec spec, java.util.function.Supplier<Set<String>> existing) {
        Set<String> aliases = null;
        for (Subscription s : spec.subscriptions()) {
            if (s.latest()) {
                continue;
            }
            if (aliases == null) {
                aliases = existing.get();
            }
            if (!aliases.contains(s.alias())) {
                throw new InvalidFunctionException(spec.name(), "the subscription to topic '" + s.topic()
                        + "' runs alias '" + s.alias() + "', which " + (aliases.isEmpty() && spec.runtime()
                        == FunctionRuntime.JAVA ? "a Java function cannot have" : "does not exist")
                        + "; create the alias first, or subscribe with alias 'latest'");
            }
        }
    }

    private void requireTopics(FunctionSpec spec) {
        Set<String> referenced = referencedTopics(spec);
        if (referenced.isEmpty()) {
            return;
        }
        Set<String> found = readyTopics(referenced);
        for (String topic : referenced) {
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

    /** The stored version number; 0 for a document that has none, so that an update makes it 1. */
    private static int version(Document d) {
        return d.get("version") instanceof Number n ? n.intValue() : 0;
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
                store.functions().find(Filters.eq("_id", name)).first())
                .flatMap(d -> quarantine.read(d, Documents::toFunctionVersion)));
    }

    @Override
    public Optional<FunctionVersion> get(String name, int version) {
        if (!Names.isValidFunctionName(name)) {
            return Optional.empty();
        }
        return MongoErrors.run("read function " + name, () -> Optional.ofNullable(
                store.functionVersions().find(Filters.eq("_id", Documents.versionId(name, version))).first())
                .flatMap(d -> versionQuarantine.read(d, Documents::toFunctionVersion)));
    }

    @Override
    public List<FunctionVersion> list() {
        return query(quarantine, "list functions", () -> store.functions().find().sort(new Document("_id", 1)));
    }

    @Override
    public List<String> invalid() {
        return MongoErrors.run("list functions", () -> {
            List<String> names = new ArrayList<>();
            for (Document d : store.functions().find().sort(new Document("_id", 1))) {
                if (quarantine.read(d, Documents::toFunctionVersion).isEmpty()) {
                    names.add(String.valueOf(d.get("_id")));
                }
            }
            return names;
        });
    }

    @Override
    public List<FunctionVersion> versions(String name) {
        if (get(name).isEmpty()) {
            throw new FunctionNotFoundException(name);
        }
        return query(versionQuarantine, "list versions of function " + name,
                () -> store.functionVersions().find(Filters.eq("name", name)).sort(new Document("version", 1)));
    }

    @Override
    public List<FunctionVersion> functionsFor(String topic) {
        return query(quarantine, "list functions of topic " + topic,
                () -> store.functions().find(Filters.eq("topics", topic)).sort(new Document("_id", 1)));
    }

    private static List<FunctionVersion> query(Quarantine quarantine, String action,
                                               java.util.function.Supplier<Iterable<Document>> find) {
        return MongoErrors.run(action, () -> {
            List<FunctionVersion> list = new ArrayList<>();
            for (Document d : find.get()) {
                quarantine.read(d, Documents::toFunctionVersion).ifPresent(list::add);
            }
            return list;
        });
    }
}
