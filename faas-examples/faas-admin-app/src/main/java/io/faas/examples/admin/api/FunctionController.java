package io.faas.examples.admin.api;

import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
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
import java.util.List;
import java.util.Locale;

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
     */
    record FunctionRequest(String name, String runtime, String handler, List<String> topics, String source,
                           String timeout, Integer maxAttempts, Integer memoryLimitMb, String executor,
                           Boolean network) {
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
        FunctionSpec spec = spec(Requests.required(request.name(), "name"), request);
        FunctionVersion fv = faas.functions().register(spec, Requests.required(request.source(), "source"));
        return ResponseEntity.created(uri.path("/api/functions/{name}").build(fv.name()))
                .body(FunctionView.of(fv, true));
    }

    /** The upload form of the system faas replaces: fields {@code name}, {@code topics}, {@code handler}, file {@code file}. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FunctionView> upload(@RequestParam("name") String name,
                                        @RequestParam(name = "topics", required = false) List<String> topics,
                                        @RequestParam(name = "handler", required = false) String handler,
                                        @RequestParam(name = "timeout", required = false) String timeout,
                                        @RequestParam(name = "maxAttempts", required = false) Integer maxAttempts,
                                        @RequestPart("file") MultipartFile file, UriComponentsBuilder uri)
            throws IOException {
        FunctionRequest request = new FunctionRequest(name, "python", handler, topics, utf8(file), timeout,
                maxAttempts, null, null, null);
        return create(request, uri);
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    FunctionView update(@PathVariable String name, @RequestBody FunctionRequest request) {
        Requests.require(request, "a JSON object with the function's topics and source");
        if (request.name() != null && !request.name().equals(name)) {
            throw new IllegalArgumentException("the body names function '" + Requests.shown(request.name())
                    + "' but the path names '" + Requests.shown(name) + "'");
        }
        requireExisting(name);
        FunctionSpec spec = spec(name, request);
        return FunctionView.of(faas.functions().update(spec, Requests.required(request.source(), "source")), true);
    }

    @GetMapping
    List<FunctionView> list() {
        return faas.functions().list().stream().map(fv -> FunctionView.of(fv, false)).toList();
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

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        faas.functions().delete(name);
    }

    private void requireExisting(String name) {
        if (faas.functions().get(name).isEmpty()) {
            throw new FunctionNotFoundException(Requests.shown(name));
        }
    }

    private FunctionSpec spec(String name, FunctionRequest r) {
        String runtime = r.runtime() == null ? "python" : r.runtime().trim().toLowerCase(Locale.ROOT);
        if (runtime.equals("java")) {
            throw new IllegalArgumentException("Java functions are registered in code by their host application"
                    + " (@FaasFunction); this API registers Python functions");
        }
        if (!runtime.equals("python")) {
            throw new IllegalArgumentException("runtime '" + Requests.shown(r.runtime()) + "' is not supported; use python");
        }
        FunctionSpec.Builder b = defaults.builder(name)
                .topics(r.topics() == null ? List.of() : r.topics().stream().map(String::trim).toList());
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
        if (r.executor() != null) {
            b.executor(r.executor());
        }
        if (r.network() != null) {
            b.network(r.network());
        }
        return b.build();
    }

    private static String utf8(MultipartFile file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(file.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the uploaded file is not UTF-8 text");
        }
    }
}
