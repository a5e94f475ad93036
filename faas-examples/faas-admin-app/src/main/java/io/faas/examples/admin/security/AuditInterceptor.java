package io.faas.examples.admin.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Writes an audit entry for every change through the API once its answer is known: topics,
 * functions, tokens, redrives. Publishing an event and validating code change nothing here and
 * are not recorded (the ledger records what events did). Writes refused for their role are
 * recorded by the security layer.
 */
@Configuration(proxyBeanMethods = false)
class AuditInterceptor implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> NOT_AUDITED = Set.of("/api/topics/{name}/events", "/api/validate");

    private final AuditLog audit;

    AuditInterceptor(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        if (READS.contains(request.getMethod())) {
            return;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern != null && NOT_AUDITED.contains(pattern.toString())) {
            return;
        }
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        String who = Callers.current().map(TokenAuthentication::getName).orElse(Callers.ANONYMOUS);
        audit.record(who, request.getMethod(), request.getRequestURI(), target(request, response), status);
    }

    /** The name or id the request was about: from the path, or from where a create says the new thing is. */
    private static String target(HttpServletRequest request, HttpServletResponse response) {
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (vars != null) {
            for (String name : new String[] {"name", "id"}) {
                if (vars.get(name) != null) {
                    return vars.get(name);
                }
            }
        }
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (location != null && location.lastIndexOf('/') >= 0) {
            return URLDecoder.decode(location.substring(location.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        }
        return null;
    }
}
