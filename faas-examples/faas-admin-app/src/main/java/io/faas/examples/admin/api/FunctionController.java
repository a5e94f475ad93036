package io.faas.examples.admin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionPackage;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Secrets;
import io.faas.api.Subscription;
import io.faas.core.FaasClient;
import io.faas.examples.admin.api.Views.FunctionView;
import io.faas.spring.boot.autoconfigure.FaasFunctionDefaults;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code /api/functions}: Python functions registered over HTTP (JSON, or the old system's
 * multipart upload form). Java functions are registered in code by their host application and are
 * listed here too.
 */
@RestController
@RequestMapping("/api/functions")
class FunctionController {

    /**
     * Body of {@code POST} and {@code PUT}: only {@code name} (POST), {@code topics} and
     * {@code source} are needed; the rest take the defaults of {@code faas.dispatcher.*}.
     * {@code subscriptions} adds topics with a content filter each (EventBridge pattern syntax; a
     * topic in both takes the filter) and the alias each runs; like {@code topics} they are replaced on PUT.
     * {@code environment} replaces the variables (left out on PUT: kept); {@code secrets} sets the
     * named secrets, a {@code null} value removes one, and secrets left out keep their values.
     * {@code ledgerRetention} (such as {@code P90D} or {@code 90d}) is how long the ledger keeps the
     * function's records; left out, the client's {@code faas.ledger.retention}.
     * {@code maxConcurrency} caps the function's invocations running at once in one instance (0 or
     * left out: no limit of its own). {@code onSuccess} and {@code onFailure} name registered topics
     * that receive the function's result or failure document (left out: none). {@code batchSize}
     * (1 to 10,000; left out: 1) and {@code batchWindow} (such as {@code 500ms}, at most 5 s) make
     * a batch function. {@code package} is the function's code as a zip archive in base64, in
     * place of {@code source}; its handler is {@code module.function}. {@code layers} names shared
     * layers ({@code /api/layers}), each pinned to its current content when the version is stored.
     */
    record FunctionRequest(String name, String runtime, String handler, List<String> topics, String source,
                           String timeout, Integer maxAttempts, Integer memoryLimitMb, String executor,
                           Map<String, String> environment, Map<String, String> secrets, Boolean network,
                           List<SubscriptionRequest> subscriptions, String ledgerRetention, Integer maxConcurrency,
                           String onSuccess, String onFailure, Integer batchSize, String batchWindow,
                           @JsonProperty("package") String packageBase64, List<String> layers) {

        FunctionRequest(String name, String runtime, String handler, List<String> topics, String source,
                        String timeout, Integer maxAttempts, Integer memoryLimitMb, String executor,
                        Map<String, String> environment, Map<String, String> secrets, Boolean network,
                        List<SubscriptionRequest> subscriptions, String ledgerRetention, Integer maxConcurrency,
                        String onSuccess, String onFailure, Integer batchSize, String batchWindow) {
            this(name, runtime, handler, topics, source, timeout, maxAttempts, memoryLimitMb, executor, environment,
                    secrets, network, subscriptions, ledgerRetention, maxConcurrency, onSuccess, onFailure, batchSize,
                    batchWindow, null, null);
        }

        FunctionRequest(String name, String runtime, String handler, List<String> topics, String source,
                        String timeout, Integer maxAttempts, Integer memoryLimitMb, String executor,
                        Map<String, String> environment, Map<String, String> secrets, Boolean network) {
            this(name, runtime, handler, topics, source, timeout, maxAttempts, memoryLimitMb, executor, environment,
                    secrets, network, null, null, null, null, null, null, null);
        }

        /** Never shows secret values, should anything log a request. */
        @Override
        public String toString() {
            return "FunctionRequest[name=" + name + ", topics=" + topics + ", environment=" + environment
                    + ", secrets=" + (secrets == null ? null : new TreeMap<>(secrets).keySet()) + ", network=" + network
                    + ", subscriptions=" + subscriptions + "]";
        }
    }

    /**
     * A topic, its optional filter (an EventBridge pattern as a JSON object) and the alias whose
     * versions its events run (left out: {@code latest}).
     */
    record SubscriptionRequest(String topic, Object filter, String alias) {
    }

    private final FaasClient faas;
    private final FaasFunctionDefaults defaults;

    FunctionController(FaasClient faas, FaasFunctionDefaults defaults) {
        this.faas = faas;
        this.defaults = defaults;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FunctionView> create(@RequestBody FunctionRequest request, UriComponentsBuilder uri) {
        Requests.require(request, "a JSON object with the function's name, topics and source");
        FunctionSpec spec = spec(Requests.required(request.name(), "name"), request, Map.of());
        FunctionPackage code = code(request);
        FunctionVersion fv = code != null ? faas.functions().register(spec, code, secrets(request.secrets()))
                : faas.functions().register(spec, Requests.required(request.source(), "source"),
                secrets(request.secrets()));
        return ResponseEntity.created(uri.path("/api/functions/{name}").build(fv.name()))
                .body(FunctionView.of(fv, true));
    }

    /**
     * The upload form of the system faas replaces: fields {@code name}, {@code topics}, {@code handler},
     * file {@code file} (a Python file, or a zip archive: a package); and repeated {@code environment}
     * and {@code secrets} fields of the form {@code NAME=value}.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FunctionView> upload(@RequestParam("name") String name,
                                        @RequestParam(name = "topics", required = false) List<String> topics,
                                        @RequestParam(name = "handler", required = false) String handler,
                                        @RequestParam(name = "timeout", required = false) String timeout,
                                        @RequestParam(name = "maxAttempts", required = false) Integer maxAttempts,
                                        @RequestParam(name = "environment", required = false) List<String> environment,
                                        @RequestParam(name = "secrets", required = false) List<String> secrets,
                                        @RequestPart("file") MultipartFile file, UriComponentsBuilder uri)
            throws IOException {
        byte[] bytes = file.getBytes();
        boolean zip = isZip(bytes);
        FunctionRequest request = new FunctionRequest(name, "python", handler, topics, zip ? null : utf8(bytes),
                timeout, maxAttempts, null, null, assignments(environment, "environment"),
                assignments(secrets, "secrets"), null, null, null, null, null, null, null, null,
                zip ? Base64.getEncoder().encodeToString(bytes) : null, null);
        return create(request, uri);
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    FunctionView update(@PathVariable String name, @RequestBody FunctionRequest request) {
        Requests.require(request, "a JSON object with the function's topics and source");
        if (request.name() != null && !request.name().equals(name)) {
            throw new IllegalArgumentException("the body names function '" + Requests.shown(request.name())
                    + "' but the path names '" + Requests.shown(name) + "'");
        }
        Map<String, String> environment = requireExisting(name).map(c -> c.spec().environment()).orElse(Map.of());
        FunctionSpec spec = spec(name, request, environment);
        FunctionPackage code = code(request);
        return FunctionView.of(code != null ? faas.functions().update(spec, code, secrets(request.secrets()))
                : faas.functions().update(spec, Requests.required(request.source(), "source"),
                secrets(request.secrets())), true);
    }

    @GetMapping
    List<FunctionView> list() {
        return faas.functions().list().stream().map(fv -> FunctionView.of(fv, false)).toList();
    }

    /** A stored function that no longer reads back: it runs nowhere until it is updated or deleted. */
    record InvalidView(String name, String detail) {
        static InvalidView of(String name) {
            return new InvalidView(name, "the stored function does not read back; update it with PUT or delete it");
        }
    }

    /** {@code ?invalid=true}: the stored functions left out of every other answer because they do not read back. */
    @GetMapping(params = "invalid=true")
    List<InvalidView> invalid() {
        return faas.functions().invalid().stream().map(InvalidView::of).toList();
    }

    @GetMapping("/{name}")
    FunctionView get(@PathVariable String name) {
        return FunctionView.of(faas.functions().get(name).orElseThrow(() -> new FunctionNotFoundException(
                Requests.shown(name))), true);
    }

    /** Every stored version, oldest first, each with its source. */
    @GetMapping("/{name}/versions")
    List<FunctionView> versions(@PathVariable String name) {
        return faas.functions().versions(name).stream().map(fv -> FunctionView.of(fv, true)).toList();
    }

    /** Body of {@code POST /{name}/rollback}: the version to bring back; left out, the one before the current. */
    record RollbackRequest(Integer version) {
    }

    /**
     * Stores an earlier version's code and settings as a new version; the function's secrets keep
     * their current values (their old ones are not kept).
     */
    @PostMapping(path = "/{name}/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
    FunctionView rollback(@PathVariable String name, @RequestBody(required = false) RollbackRequest request) {
        FunctionVersion current = faas.functions().get(name)
                .orElseThrow(() -> new FunctionNotFoundException(Requests.shown(name)));
        int version = request == null || request.version() == null ? current.version() - 1 : request.version();
        if (version < 1) {
            throw new IllegalArgumentException("function '" + Requests.shown(name) + "' has no earlier version");
        }
        FunctionVersion earlier = faas.functions().versions(name).stream().filter(v -> v.version() == version)
                .findFirst().orElseThrow(() -> new FunctionNotFoundException(Requests.shown(name), version));
        if (earlier.source() == null) {
            throw new IllegalArgumentException("function '" + Requests.shown(name)
                    + "' is a Java function: its host application rolls it back");
        }
        if (earlier.isPackage()) {
            FunctionPackage code = faas.functions().functionPackage(name, version).orElseThrow(
                    () -> new FunctionNotFoundException(Requests.shown(name), version));
            return FunctionView.of(faas.functions().update(earlier.spec(), code, Secrets.none()), true);
        }
        return FunctionView.of(faas.functions().update(earlier.spec(), earlier.source(), Secrets.none()), true);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        faas.functions().delete(name);
    }

    /** The current version; empty for a stored function that no longer reads back, which a PUT fixes. */
    private Optional<FunctionVersion> requireExisting(String name) {
        Optional<FunctionVersion> current = faas.functions().get(name);
        if (current.isEmpty() && !faas.functions().invalid().contains(name)) {
            throw new FunctionNotFoundException(Requests.shown(name));
        }
        return current;
    }

    /** The change of secrets a request asks for: a value sets one, {@code null} removes one. */
    private static Secrets secrets(Map<String, String> requested) {
        Secrets secrets = Secrets.none();
        if (requested == null) {
            return secrets;
        }
        for (Map.Entry<String, String> e : new TreeMap<>(requested).entrySet()) {
            String secret = e.getKey() == null ? "" : e.getKey();
            secrets = e.getValue() == null ? secrets.remove(secret) : secrets.set(secret, e.getValue());
        }
        return secrets;
    }

    /** {@code NAME=value} form fields as a map; {@code null} when there are none. */
    private static Map<String, String> assignments(List<String> fields, String what) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                // Never echoes the field: it may be a secret's value.
                throw new IllegalArgumentException("each '" + what + "' field must be NAME=value");
            }
            out.put(field.substring(0, eq).trim(), field.substring(eq + 1));
        }
        return out;
    }

    private FunctionSpec spec(String name, FunctionRequest r, Map<String, String> keptEnvironment) {
        String runtime = r.runtime() == null ? "python" : r.runtime().trim().toLowerCase(Locale.ROOT);
        if (runtime.equals("java")) {
            throw new IllegalArgumentException("Java functions are registered in code by their host application"
                    + " (@FaasFunction); this API registers Python functions");
        }
        if (!runtime.equals("python")) {
            throw new IllegalArgumentException("runtime '" + Requests.shown(r.runtime()) + "' is not supported; use python");
        }
        FunctionSpec.Builder b = defaults.builder(name)
                .topics(r.topics() == null ? List.of() : r.topics().stream().map(t -> t == null ? null : t.trim()).toList());
        if (r.handler() != null && !r.handler().isBlank()) {
            b.handler(r.handler().trim());
        }
        if (r.timeout() != null && !r.timeout().isBlank()) {
            b.timeout(Requests.duration(r.timeout(), "timeout"));
        }
        if (r.maxAttempts() != null) {
            b.maxAttempts(r.maxAttempts());
        }
        if (r.memoryLimitMb() != null) {
            b.memoryLimitMb(r.memoryLimitMb());
        }
        if (r.maxConcurrency() != null) {
            b.maxConcurrency(r.maxConcurrency());
        }
        if (r.executor() != null) {
            b.executor(r.executor());
        }
        List<SubscriptionRequest> subscriptions = r.subscriptions() == null ? List.of() : r.subscriptions();
        for (int i = 0; i < subscriptions.size(); i++) {
            b.subscribe(subscription(subscriptions.get(i), "subscriptions[" + i + "]"));
        }
        b.environment(r.environment() == null ? keptEnvironment : r.environment());
        if (r.network() != null) {
            b.network(r.network());
        }
        if (r.ledgerRetention() != null && !r.ledgerRetention().isBlank()) {
            b.ledgerRetention(Requests.duration(r.ledgerRetention(), "ledgerRetention"));
        }
        b.onSuccess(r.onSuccess() == null ? null : r.onSuccess().trim());
        b.onFailure(r.onFailure() == null ? null : r.onFailure().trim());
        if (r.batchSize() != null) {
            b.batchSize(r.batchSize());
        }
        if (r.batchWindow() != null && !r.batchWindow().isBlank()) {
            b.batchWindow(Requests.duration(r.batchWindow(), "batchWindow"));
        }
        if (r.layers() != null) {
            b.layers(r.layers());
        }
        return b.build();
    }

    private static Subscription subscription(SubscriptionRequest s, String at) {
        if (s == null) {
            throw new IllegalArgumentException(at + " must be an object with a topic, an optional filter and an"
                    + " optional alias");
        }
        String topic = Requests.required(s.topic() == null ? null : s.topic().trim(), at + ".topic");
        String alias = s.alias() == null || s.alias().isBlank() ? null : s.alias().trim();
        if (alias != null && !io.faas.api.Names.isValidAliasName(alias)) {
            try {
                io.faas.api.Names.requireAliasName(Requests.shown(alias));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ".alias: " + e.getMessage());
            }
        }
        return new Subscription(topic, FilterController.filter(s.filter(), at + ".filter"), alias);
    }

    /** The request's package, or {@code null} when it sends a source. */
    private static FunctionPackage code(FunctionRequest request) {
        if (request.packageBase64() == null) {
            return null;
        }
        if (request.source() != null) {
            throw new IllegalArgumentException("give the function's code as source or as package, not both");
        }
        byte[] zip;
        try {
            zip = Base64.getMimeDecoder().decode(request.packageBase64());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("package must be a zip archive in base64");
        }
        if (zip.length == 0) {
            throw new IllegalArgumentException("package is empty");
        }
        return FunctionPackage.ofZip(zip);
    }

    /** Whether the bytes start as a zip archive does (a local file header, or the end record of an empty one). */
    private static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
                && (bytes[2] == 3 && bytes[3] == 4 || bytes[2] == 5 && bytes[3] == 6);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the uploaded file is not UTF-8 text");
        }
    }
}
