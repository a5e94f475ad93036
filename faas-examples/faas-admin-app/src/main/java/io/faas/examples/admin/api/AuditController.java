package io.faas.examples.admin.api;

import io.faas.examples.admin.security.AuditLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/audit} (admin only): who changed what, newest first. */
@RestController
class AuditController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code limit} entries (default 50, at most 500) after {@code cursor}, the {@code next} of the previous page. */
    @GetMapping("/api/audit")
    AuditLog.Page page(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        return audit.page(limit(limit), cursor == null || cursor.isBlank() ? null : cursor.trim());
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '"
                + Requests.shown(text) + "'");
    }
}
