package io.faas.examples.admin.api;

import io.faas.api.CodeValidator;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.examples.admin.api.Views.DiagnosticView;
import io.faas.examples.admin.api.Views.DiagnosticsView;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/** {@code POST /api/validate}: checks Python code without storing it, with the validator registrations use. */
@RestController
class ValidateController {

    /** {@code handler}, when given, also checks that the module defines it as {@code def handler(event, context)}. */
    record ValidateRequest(String source, String handler) {
    }

    private final FaasSettings settings;
    private final FaasClient faas;

    ValidateController(FaasSettings settings, FaasClient faas) {
        this.settings = settings;
        this.faas = faas;
    }

    @PostMapping("/api/validate")
    DiagnosticsView validate(@RequestBody ValidateRequest request) {
        Requests.require(request, "a JSON object with the source to check");
        String source = request.source() == null ? "" : request.source();
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > settings.maxSourceBytes()) {
            throw new PayloadTooLargeException("source", size, settings.maxSourceBytes());
        }
        CodeValidator validator = faas.validator().orElseThrow(() -> new ServiceUnavailableException(
                "code validation is switched off (faas.validation.enabled=false, or GraalPy is not on the classpath)"));
        return new DiagnosticsView(DiagnosticView.of(request.handler() == null || request.handler().isBlank()
                ? validator.validate("function.py", source)
                : validator.validateFunction("function.py", source, request.handler().trim())));
    }
}
