package io.faas.examples.admin.api;

import io.faas.api.ConcurrentUpdateException;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.DuplicateTopicException;
import io.faas.api.FaasException;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.InvalidEventException;
import io.faas.api.InvalidFunctionException;
import io.faas.api.InvocationNotFoundException;
import io.faas.api.InvocationStateException;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.examples.admin.api.Views.DiagnosticView;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.stream.Collectors;

/**
 * Every error of the API as {@code application/problem+json} with {@code title}, {@code status}
 * and {@code detail}. A detail never carries a stack trace or a Java class name: faas's own
 * messages are written for users; anything unexpected is logged and answered with a generic 500.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidFunctionException.class)
    ProblemDetail invalidFunction(InvalidFunctionException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Invalid function", e.getMessage());
        p.setProperty("diagnostics", DiagnosticView.of(e.diagnostics()));
        return p;
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail p = problem(HttpStatus.CONTENT_TOO_LARGE, "Too large", e.getMessage());
        p.setProperty("limit", e.limit());
        return p;
    }

    @ExceptionHandler(InvalidEventException.class)
    ProblemDetail invalidEvent(InvalidEventException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid event", e.getMessage());
    }

    /**
     * A value faas refused. Only faas's own checks write messages for users; an argument refused
     * deeper down (the JDK, a library) is answered with a plain reason and logged.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        if (isOurs(e)) {
            return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
        }
        log.warn("request refused by a library check", e);
        return problem(HttpStatus.BAD_REQUEST, "Bad request", "a value of the request is not acceptable");
    }

    /** A multipart body that cannot be parsed (bad boundary or part headers), on any endpoint. */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail badMultipart(MultipartException e) {
        log.debug("unreadable multipart request", e);
        return problem(HttpStatus.BAD_REQUEST, "Bad request",
                "the multipart/form-data body could not be read: check its boundary and part headers");
    }

    @ExceptionHandler({TopicNotFoundException.class, FunctionNotFoundException.class,
            InvocationNotFoundException.class, io.faas.api.ReplayNotFoundException.class,
            io.faas.api.AliasNotFoundException.class})
    ProblemDetail notFound(FaasException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(TopicInUseException.class)
    ProblemDetail topicInUse(TopicInUseException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Topic in use", e.getMessage());
        p.setProperty("functions", e.functions());
        return p;
    }

    @ExceptionHandler(io.faas.api.AliasInUseException.class)
    ProblemDetail aliasInUse(io.faas.api.AliasInUseException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Alias in use", e.getMessage());
        p.setProperty("topics", e.topics());
        return p;
    }

    @ExceptionHandler({DuplicateTopicException.class, DuplicateFunctionException.class,
            ConcurrentUpdateException.class, InvocationStateException.class})
    ProblemDetail conflict(FaasException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    /**
     * Kafka or MongoDB did not answer. The detail says which and what failed ("MongoDB failed to
     * read topic t"); the client's own words after it, which name the driver's internals, are logged only.
     */
    @ExceptionHandler(ServiceUnavailableException.class)
    ProblemDetail unavailable(ServiceUnavailableException e) {
        log.warn("service unavailable: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", plainCause(e.getMessage())
                + "; retry later");
    }

    /** A message up to the vendor's text that faas appends after ": ". */
    static String plainCause(String message) {
        if (message == null) {
            return "a server faas depends on did not answer";
        }
        int cut = message.indexOf(": ");
        return cut < 0 ? message : message.substring(0, cut);
    }

    /** Parameters the servlet container could not decode: a form-encoded body that is not percent-encoded UTF-8. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail badParameters(InvalidParameterException e) {
        log.debug("undecodable request parameters", e);
        return problem(HttpStatus.BAD_REQUEST, "Bad request",
                "the form-encoded body is malformed: each name and value must be percent-encoded UTF-8");
    }

    /** What the security firewall refuses once a controller reads it: a parameter or header name or value. */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        log.debug("request rejected by the firewall", e);
        return problem(HttpStatus.BAD_REQUEST, "Bad request",
                "the request has a parameter or header name or value that this server does not accept");
    }

    @ExceptionHandler(FaasException.class)
    ProblemDetail faas(FaasException e) {
        log.error("faas error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed unexpectedly; the server log has the details");
    }

    /** Malformed JSON, a value of the wrong type, a missing body: said in the request's terms, not Jackson's. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestTooLargeException tooLarge = find(ex, RequestTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Too large", tooLarge.getMessage()));
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Bad request", unreadable(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "Too large", "the upload is over the size limit"));
    }

    /** Spring's own problems keep their status and title; their detail never includes internals anyway. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (statusCode.is5xxServerError()) {
            log.error("request failed", ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    static String unreadable(HttpMessageNotReadableException ex) {
        MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
        if (mismatch != null) {
            String field = mismatch.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (field.isEmpty()) {
                return "the request body is not the JSON value this endpoint expects (an object)";
            }
            if (mismatch instanceof InvalidFormatException bad) {
                return "field '" + field + "' has a value of the wrong type: " + Requests.shown(String.valueOf(bad.getValue()));
            }
            return "field '" + field + "' has a value of the wrong type";
        }
        if (find(ex, StreamConstraintsException.class) != null) {
            return "the request body is nested too deep, or holds a number or string longer than accepted";
        }
        if (find(ex, InputCoercionException.class) != null) {
            return "a number in the request body is out of range for its field";
        }
        StreamReadException syntax = find(ex, StreamReadException.class);
        if (syntax != null) {
            String where = syntax.getLocation() == null ? ""
                    : " at line " + syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr();
            return "the request body is not valid JSON" + where;
        }
        if (find(ex, JacksonException.class) != null) {
            return "the request body could not be read as JSON";
        }
        return "the request body is missing or unreadable";
    }

    /** Whether faas's own code (not the JDK's or a library's) threw it, so its message is for users. */
    static boolean isOurs(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getMessage() != null && trace.length > 0 && trace[0].getClassName().startsWith("io.faas.");
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        return p;
    }
}
