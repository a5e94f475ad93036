package io.faas.examples.admin.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The signed-in browser's session, which holds the name and role of the token it signed in with;
 * each request checks that the token still exists, so deleting a token also ends its sessions.
 */
final class TokenSessionRepository extends HttpSessionSecurityContextRepository {

    private final TokenStore tokens;

    TokenSessionRepository(TokenStore tokens) {
        this.tokens = tokens;
        setDisableUrlRewriting(true);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        DeferredSecurityContext stored = super.loadDeferredContext(request);
        return new DeferredSecurityContext() {
            private SecurityContext checked;

            @Override
            public SecurityContext get() {
                if (checked == null) {
                    SecurityContext context = stored.get();
                    if (context.getAuthentication() instanceof TokenAuthentication token && !tokens.isValid(token)) {
                        var session = request.getSession(false);
                        if (session != null) {
                            session.invalidate();
                        }
                        context = SecurityContextHolder.createEmptyContext();
                    }
                    checked = context;
                }
                return checked;
            }

            @Override
            public boolean isGenerated() {
                get();
                return stored.isGenerated() || checked.getAuthentication() == null;
            }
        };
    }
}
