package io.faas.examples.admin.api;

import io.faas.examples.admin.security.ApiToken;
import io.faas.examples.admin.security.Role;
import io.faas.examples.admin.security.TokenStore;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.util.List;

/** {@code /api/tokens} (admin only): the API tokens, by name. A token's value is shown once, when it is created. */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    /** Body of {@code POST /api/tokens}. */
    record TokenRequest(String name, String role) {
    }

    /** A token as listed: never its value. */
    record TokenView(String name, String role, Instant createdAt, Instant lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.name(), t.role().id(), t.createdAt(), t.lastUsedAt());
        }
    }

    /** A created token, with its value: the only time it is shown. */
    record CreatedTokenView(String name, String role, Instant createdAt, String token) {
    }

    private final TokenStore tokens;

    TokenController(TokenStore tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<TokenView> list() {
        return tokens.list().stream().map(TokenView::of).toList();
    }

    @PostMapping
    ResponseEntity<CreatedTokenView> create(@RequestBody TokenRequest request, UriComponentsBuilder uri) {
        Requests.require(request, "a JSON object with the token's name and role");
        String name = Requests.required(request.name(), "name").trim();
        Role role = Role.of(Requests.required(request.role(), "role"));
        String value;
        try {
            value = tokens.create(name, role);
        } catch (TokenStore.DuplicateTokenException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
        ApiToken created = tokens.find(name).orElseThrow();
        return ResponseEntity.created(uri.path("/api/tokens/{name}").build(name))
                .cacheControl(CacheControl.noStore())
                .body(new CreatedTokenView(name, role.id(), created.createdAt(), value));
    }

    /** Deletes a token: requests with it are refused from now on, and the sessions signed in with it end. */
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        ApiToken token = tokens.find(name).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "there is no token named '" + Requests.shown(name) + "'"));
        if (token.role() == Role.ADMIN && tokens.list().stream().filter(t -> t.role() == Role.ADMIN).count() == 1) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "'" + Requests.shown(name) + "' is the last admin"
                    + " token: create another admin token first");
        }
        tokens.delete(name);
    }
}
