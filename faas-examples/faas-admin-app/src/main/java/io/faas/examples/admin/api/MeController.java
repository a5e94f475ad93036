package io.faas.examples.admin.api;

import io.faas.examples.admin.security.Callers;
import io.faas.examples.admin.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: the name and role of the token the request came with, for the UI. */
@RestController
class MeController {

    /** {@code authenticated} is false when authentication is switched off (then every request may do everything). */
    record MeView(String name, String role, boolean authenticated) {
    }

    @GetMapping("/api/me")
    MeView me() {
        return Callers.current().map(t -> new MeView(t.getName(), t.role().id(), true))
                .orElse(new MeView(Callers.ANONYMOUS, Role.ADMIN.id(), false));
    }
}
