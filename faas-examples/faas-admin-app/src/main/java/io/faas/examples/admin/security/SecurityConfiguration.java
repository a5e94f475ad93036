package io.faas.examples.admin.security;

import io.faas.examples.admin.api.Problems;
import io.faas.examples.admin.api.QueryStringCheck;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * The admin app's one Spring Security filter chain. REST clients send
 * {@code Authorization: Bearer <token>} (no cookie, no CSRF token); the browser UI signs in once
 * with a token ({@code POST /signin}) and then rides an HttpOnly, SameSite=Strict session cookie,
 * with the CSRF token of the {@code XSRF-TOKEN} cookie in an {@code X-XSRF-TOKEN} header on every
 * change. Every answer of this layer is {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AdminSecurityProperties.class)
class SecurityConfiguration {

    /** Content-Security-Policy of every response: scripts, styles and everything else from this app only. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String ADMIN = Role.ADMIN.name();
    private static final String DEVELOPER = Role.DEVELOPER.name();
    private static final String PUBLISHER = Role.PUBLISHER.name();
    private static final String VIEWER = Role.VIEWER.name();

    @Bean
    SecurityFilterChain adminSecurity(HttpSecurity http, AdminSecurityProperties properties, TokenStore tokens,
                                      AuthenticationManager manager, AuditLog audit, Environment environment)
            throws Exception {
        requireLoopbackWhenDisabled(properties, environment);
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", e instanceof BadCredentialsException
                    ? "the token is not valid: it is mistyped, or was deleted"
                    : "this needs a token: send 'Authorization: Bearer <token>', or sign in at /signin.html");
        };
        AuthenticationEntryPoint failed = (request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                        "the token could not be checked: the database did not answer");
            } else {
                unauthorized.commence(request, response, e);
            }
        };
        AccessDeniedHandler forbidden = (request, response, e) -> {
            Authentication who = SecurityContextHolder.getContext().getAuthentication();
            TokenAuthentication caller = who instanceof TokenAuthentication t ? t : null;
            if (caller == null && properties.isEnabled()) {
                // a CSRF check runs before authentication: without credentials, say that first
                unauthorized.commence(request, response, new InsufficientAuthenticationException(e.getMessage()));
                return;
            }
            if (!READS.contains(request.getMethod())) {
                audit.record(caller == null ? Callers.ANONYMOUS : caller.getName(), request.getMethod(),
                        request.getRequestURI(), null, 403);
            }
            Problems.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", e instanceof CsrfException
                    ? "the CSRF token is missing or wrong: reload the page (a REST client sends its token as"
                    + " 'Authorization: Bearer <token>' instead of a cookie)"
                    : "a token of role '" + caller.role().id() + "' may not do this");
        };

        SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new TokenSessionRepository(tokens));

        // REST: Authorization: Bearer <token>; nothing kept between requests
        AuthenticationFilter bearer = new AuthenticationFilter(manager, TokenCredentials::fromBearerHeader);
        bearer.setSuccessHandler((request, response, authentication) -> { });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(failed));
        // the browser: POST /signin with the field token, kept in the session
        AuthenticationFilter signIn = new AuthenticationFilter(manager, TokenCredentials::fromForm);
        signIn.setRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/signin"));
        signIn.setSecurityContextRepository(sessions);
        signIn.setSuccessHandler(new SignedIn());
        signIn.setFailureHandler(new AuthenticationEntryPointFailureHandler(failed));

        CookieCsrfTokenRepository csrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookie.setCookieCustomizer(c -> c.sameSite("Strict").path("/"));

        RequestMatcher pages = new OrRequestMatcher(path("/"), path("/index.html"), path("/api.html"));
        http.securityContext(c -> c.securityContextRepository(sessions))
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .csrf(c -> c.spa().csrfTokenRepository(csrfCookie)
                        .ignoringRequestMatchers(properties.isEnabled() ? TokenCredentials::hasBearerHeader
                                : request -> TokenCredentials.hasBearerHeader(request) || isJson(request)))
                .addFilterBefore(new QueryStringCheck(SecurityConfiguration::parametersReadHere), CsrfFilter.class)
                .addFilterAfter(new CsrfCookie(), CsrfFilter.class)
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/signin.html"), pages)
                        .defaultAuthenticationEntryPointFor(unauthorized, request -> true)
                        .accessDeniedHandler(forbidden))
                .logout(l -> l.logoutRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/signout"))
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT))
                        .deleteCookies("JSESSIONID"));
        if (!properties.isEnabled()) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        http.addFilterBefore(bearer, BasicAuthenticationFilter.class)
                .addFilterBefore(signIn, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers(HttpMethod.GET, "/signin.html", "/app/**", "/webjars/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/tokens", "/api/tokens/**", "/api/audit", "/api/audit/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/me").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/topics/*/events")
                        .hasAnyRole(ADMIN, DEVELOPER, PUBLISHER)
                        .requestMatchers(HttpMethod.GET, "/api/invocations", "/api/invocations/*")
                        .hasAnyRole(ADMIN, DEVELOPER, VIEWER, PUBLISHER)
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**").hasAnyRole(ADMIN, DEVELOPER, VIEWER)
                        .requestMatchers("/api/**").hasAnyRole(ADMIN, DEVELOPER)
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * Checks a presented token against the store. Being a bean, it also tells Spring Boot that
     * this app has its own authentication (no generated user and password).
     */
    @Bean
    AuthenticationManager tokenAuthenticationManager(TokenStore tokens) {
        return authentication -> {
            if (!(authentication instanceof TokenCredentials credentials)) {
                return null;
            }
            try {
                return tokens.authenticate(credentials.token())
                        .orElseThrow(() -> new BadCredentialsException("the token is not valid"));
            } catch (BadCredentialsException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new AuthenticationServiceException("the token store did not answer", e);
            }
        };
    }

    /** A request whose Host header is not an allowed host is refused before anything else looks at it. */
    @Bean
    StrictHttpFirewall httpFirewall(AdminSecurityProperties properties) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHostnames(new AllowedHosts(properties.getAllowedHosts()));
        return firewall;
    }

    /** 421 for a foreign host, 400 for the firewall's other refusals; problem+json either way. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(AdminSecurityProperties properties) {
        AllowedHosts hosts = new AllowedHosts(properties.getAllowedHosts());
        return (request, response, e) -> {
            if (!hosts.test(request.getServerName())) {
                Problems.write(request, response, HttpStatus.MISDIRECTED_REQUEST, "Misdirected request",
                        "this server does not answer to that host name: reach it as localhost, or add the name"
                                + " to faas.admin.security.allowed-hosts");
            } else {
                Problems.write(request, response, HttpStatus.BAD_REQUEST, "Bad request",
                        "the request's method, URL, a header or a parameter is not one this server accepts");
            }
        };
    }

    static void requireLoopbackWhenDisabled(AdminSecurityProperties properties, Environment environment) {
        if (properties.isEnabled()) {
            return;
        }
        String address = environment.getProperty("server.address");
        boolean loopback;
        try {
            loopback = address != null && !address.isBlank() && InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("faas.admin.security.enabled=false is only allowed when the app listens on a"
                    + " loopback address, but server.address is " + (address == null || address.isBlank()
                    ? "unset (every interface)" : "'" + address + "'") + ": set server.address=127.0.0.1, or keep"
                    + " authentication on");
        }
    }

    /**
     * Whether this chain reads the request's parameters: the CSRF check of a change that has no
     * bearer token and no {@code X-XSRF-TOKEN} header looks for a {@code _csrf} parameter, the
     * sign-in reads {@code token}.
     */
    private static boolean parametersReadHere(HttpServletRequest request) {
        return !TokenCredentials.hasBearerHeader(request) && !READS.contains(request.getMethod())
                && (request.getHeader("X-XSRF-TOKEN") == null || request.getRequestURI().equals("/signin"));
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, pattern);
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** Sign-in answered with 204; the session cookie is set by then, and the page goes on to the UI. */
    private static final class SignedIn implements AuthenticationSuccessHandler {
        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) {
            response.setStatus(HttpStatus.NO_CONTENT.value());
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                            Authentication authentication) {
            onAuthenticationSuccess(request, response, authentication);
        }
    }

    /**
     * Makes sure the browser has the {@code XSRF-TOKEN} cookie before its first change (Spring
     * Security writes it only when the token is asked for). Not for REST clients: they get no cookie.
     */
    private static final class CsrfCookie extends OncePerRequestFilter {
        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return TokenCredentials.hasBearerHeader(request) || request.getRequestURI().startsWith("/api/")
                    || request.getRequestURI().startsWith("/actuator/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
