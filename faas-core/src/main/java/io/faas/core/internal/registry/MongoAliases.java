package io.faas.core.internal.registry;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.faas.api.Alias;
import io.faas.api.AliasInUseException;
import io.faas.api.AliasNotFoundException;
import io.faas.api.Aliases;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRuntime;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Names;
import io.faas.api.ShadowComparison;
import io.faas.api.Subscription;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoErrors;
import io.faas.core.internal.store.MongoStore;
import io.faas.core.internal.store.Quarantine;
import org.bson.Document;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Aliases stored in MongoDB, one document per function and alias in {@code aliases}; the
 * dispatchers see them through the {@link RegistryCache} once the change is signalled. Shadow
 * records are read from {@code shadow_invocations}, primary ones from the ledger.
 */
public final class MongoAliases implements Aliases {

    private final MongoStore store;
    private final RegistryChanges changes;
    private final Quarantine quarantine = new Quarantine("alias");
    private final Quarantine records = new Quarantine("invocation");
    private final Quarantine functions = new Quarantine("function");

    public MongoAliases(MongoStore store, RegistryChanges changes) {
        this.store = store;
        this.changes = changes;
    }

    @Override
    public List<Alias> list(String function) {
        requireFunction(function);
        return MongoErrors.run("list aliases of function " + function, () -> {
            List<Alias> out = new ArrayList<>();
            for (Document d : store.aliases().find(Filters.eq("function", function)).sort(Sorts.ascending("name"))) {
                quarantine.read(d, Documents::toAlias).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public Optional<Alias> get(String function, String alias) {
        requireFunction(function);
        return find(function, alias);
    }

    private Optional<Alias> find(String function, String alias) {
        if (!Names.isValidAliasName(alias)) {
            return Optional.empty();
        }
        return MongoErrors.run("read alias " + alias + " of function " + function, () -> Optional.ofNullable(
                store.aliases().find(Filters.eq("_id", Documents.aliasId(function, alias))).first())
                .flatMap(d -> quarantine.read(d, Documents::toAlias)));
    }

    @Override
    public Alias set(String function, Alias alias) {
        Objects.requireNonNull(alias, "alias");
        Document current = requireFunction(function);
        if (!FunctionRuntime.PYTHON.name().equals(current.getString("runtime"))) {
            throw new InvalidFunctionException(function, "aliases point to versions of Python functions; a Java"
                    + " function runs the handler bound in this process");
        }
        for (int version : alias.versions()) {
            boolean exists = MongoErrors.run("read version " + version + " of function " + function,
                    () -> store.functionVersions().find(Filters.eq("_id", Documents.versionId(function, version)))
                            .projection(new Document("_id", 1)).first() != null);
            if (!exists) {
                throw new InvalidFunctionException(function, "version " + version + " does not exist (alias '"
                        + alias.name() + "')");
            }
        }
        String id = Documents.aliasId(function, alias.name());
        MongoErrors.run("store alias " + alias.name() + " of function " + function, () -> store.aliases()
                .replaceOne(Filters.eq("_id", id), Documents.aliasDocument(function, alias, now()),
                        new ReplaceOptions().upsert(true)));
        // A function deleted meanwhile took its aliases with it before this one was stored: undo.
        if (readFunction(function) == null) {
            try {
                store.aliases().deleteOne(Filters.eq("_id", id));
            } catch (MongoException ignored) {
                // left behind; a new function of the name clears leftover aliases when registered
            }
            throw new FunctionNotFoundException(function);
        }
        changes.changed("alias " + alias.name() + " of function " + function);
        return alias;
    }

    @Override
    public void delete(String function, String alias) {
        Document current = requireFunction(function);
        if (!Names.isValidAliasName(alias)) {
            throw new AliasNotFoundException(function, alias);
        }
        List<String> topics = functions.read(current, Documents::toFunctionVersion)
                .map(fv -> fv.spec().subscriptions().stream().filter(s -> s.alias().equals(alias))
                        .map(Subscription::topic).toList())
                .orElse(List.of());
        if (!topics.isEmpty()) {
            throw new AliasInUseException(function, alias, topics);
        }
        long deleted = MongoErrors.run("delete alias " + alias + " of function " + function,
                () -> store.aliases().deleteOne(Filters.eq("_id", Documents.aliasId(function, alias)))
                        .getDeletedCount());
        if (deleted == 0) {
            throw new AliasNotFoundException(function, alias);
        }
        changes.changed("alias " + alias + " of function " + function);
    }

    @Override
    public ShadowComparison compareShadow(String function, String aliasName, int limit) {
        if (limit < 1 || limit > ShadowComparison.MAX_COMPARED) {
            throw new IllegalArgumentException("limit must be between 1 and " + ShadowComparison.MAX_COMPARED
                    + ": " + limit);
        }
        Alias alias = get(function, aliasName).orElseThrow(() -> new AliasNotFoundException(function, aliasName));
        if (!alias.hasShadow()) {
            throw new InvalidFunctionException(function, "alias '" + aliasName + "' has no shadow version");
        }
        List<Invocation> shadows = MongoErrors.run("read shadow records of function " + function, () -> {
            List<Invocation> out = new ArrayList<>();
            for (Document d : store.shadowInvocations()
                    .find(Filters.and(Filters.eq("function", function), Filters.eq("version", alias.shadowVersion())))
                    .sort(Sorts.descending("queuedAt", "_id")).limit(limit)) {
                records.read(d, Documents::toInvocation).ifPresent(out::add);
            }
            return out;
        });
        Map<String, Invocation> primaries = new HashMap<>();
        if (!shadows.isEmpty()) {
            List<String> ids = shadows.stream().map(Invocation::id).toList();
            MongoErrors.run("read records of function " + function, () -> {
                for (Document d : store.invocations().find(Filters.in("_id", ids))) {
                    records.read(d, Documents::toInvocation).ifPresent(i -> primaries.put(i.id(), i));
                }
                return null;
            });
        }
        return compare(function, aliasName, alias.shadowVersion(), shadows, primaries);
    }

    /** Pairs each shadow record with the final primary record of its event (the same id). */
    static ShadowComparison compare(String function, String alias, int shadowVersion, List<Invocation> shadows,
                                    Map<String, Invocation> primaries) {
        List<Invocation> pairedPrimaries = new ArrayList<>();
        List<Invocation> pairedShadows = new ArrayList<>();
        List<ShadowComparison.Difference> differences = new ArrayList<>();
        int same = 0;
        int unpaired = 0;
        for (Invocation shadow : shadows) {
            Invocation primary = primaries.get(shadow.id());
            if (primary == null || !primary.status().isFinal() || !shadow.status().isFinal()) {
                unpaired++;
                continue;
            }
            pairedPrimaries.add(primary);
            pairedShadows.add(shadow);
            if (sameOutcome(primary, shadow)) {
                same++;
            } else if (differences.size() < ShadowComparison.MAX_DIFFERENCES) {
                differences.add(new ShadowComparison.Difference(shadow.id(), shadow.eventId(), primary.version(),
                        primary.status(), primary.result(), errorType(primary), shadow.status(), shadow.result(),
                        errorType(shadow)));
            }
        }
        int compared = pairedShadows.size();
        return new ShadowComparison(function, alias, shadowVersion, compared, same, compared - same, unpaired,
                side(pairedPrimaries), side(pairedShadows), differences);
    }

    private static boolean sameOutcome(Invocation primary, Invocation shadow) {
        if (primary.status() != shadow.status()) {
            return false;
        }
        if (primary.status() == InvocationStatus.SUCCEEDED) {
            return sameJson(primary.result(), shadow.result());
        }
        return Objects.equals(errorType(primary), errorType(shadow));
    }

    /** Equal JSON values, whatever the order of object keys; text that does not parse compares as text. */
    private static boolean sameJson(String a, String b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        try {
            JsonNode left = Json.tree(a);
            JsonNode right = Json.tree(b);
            return left.equals(right);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String errorType(Invocation i) {
        return i.error() == null ? null : i.error().type();
    }

    private static ShadowComparison.Side side(List<Invocation> records) {
        TreeSet<Integer> versions = new TreeSet<>();
        List<Long> durations = new ArrayList<>();
        int failed = 0;
        for (Invocation i : records) {
            versions.add(i.version());
            if (i.status() != InvocationStatus.SUCCEEDED) {
                failed++;
            }
            if (i.durationMs() >= 0) {
                durations.add(i.durationMs());
            }
        }
        durations.sort(null);
        return new ShadowComparison.Side(List.copyOf(versions), records.size(), failed,
                records.isEmpty() ? 0 : (double) failed / records.size(), percentile(durations, 50),
                percentile(durations, 95));
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private Document requireFunction(String function) {
        Document d = Names.isValidFunctionName(function) ? readFunction(function) : null;
        if (d == null) {
            throw new FunctionNotFoundException(function);
        }
        return d;
    }

    private Document readFunction(String function) {
        return MongoErrors.run("read function " + function,
                () -> store.functions().find(Filters.eq("_id", function)).first());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The function's aliases by name, for checking a spec's subscriptions. */
    static Map<String, Alias> byName(MongoStore store, String function) {
        Map<String, Alias> out = new HashMap<>();
        Quarantine q = new Quarantine("alias");
        MongoErrors.run("list aliases of function " + function, () -> {
            for (Document d : store.aliases().find(Filters.eq("function", function))) {
                q.read(d, Documents::toAlias).ifPresent(a -> out.put(a.name(), a));
            }
            return null;
        });
        return out;
    }
}
