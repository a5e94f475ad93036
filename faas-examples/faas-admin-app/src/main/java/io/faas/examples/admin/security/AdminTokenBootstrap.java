package io.faas.examples.admin.security;

import io.faas.spring.boot.autoconfigure.FaasProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes sure there is a way in, before the server takes requests: the admin token of
 * {@code faas.admin.security.bootstrap-token} (or {@code FAAS_ADMIN_BOOTSTRAP_TOKEN}) exists
 * under the name {@code bootstrap}; with neither set and no admin token stored, the token in
 * {@code <data-dir>/admin-token} (generated on the first start, mode 600) is stored as
 * {@code admin}. The log names the file, never the token.
 */
@Component
class AdminTokenBootstrap implements SmartInitializingSingleton {

    static final String ENV = "FAAS_ADMIN_BOOTSTRAP_TOKEN";
    static final String FILE = "admin-token";

    private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);

    private final TokenStore tokens;
    private final AdminSecurityProperties properties;
    private final FaasProperties faas;
    private final Environment environment;

    AdminTokenBootstrap(TokenStore tokens, AdminSecurityProperties properties, FaasProperties faas,
                        Environment environment) {
        this.tokens = tokens;
        this.properties = properties;
        this.faas = faas;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.isEnabled()) {
            log.warn("faas admin: authentication is OFF (faas.admin.security.enabled=false): anyone who can reach"
                    + " this loopback address can deploy and run code");
            return;
        }
        String given = properties.getBootstrapToken();
        String source = "faas.admin.security.bootstrap-token";
        if (given == null || given.isBlank()) {
            given = environment.getProperty(ENV);
            source = ENV;
        }
        if (given != null && !given.isBlank()) {
            try {
                tokens.ensure("bootstrap", Role.ADMIN, given);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + ": " + e.getMessage(), e);
            }
            log.info("faas admin: the admin token of {} is stored as 'bootstrap'", source);
            return;
        }
        Path file = Path.of(faas.getEmbedded().getDataDir()).toAbsolutePath().normalize().resolve(FILE);
        if (tokens.anyWithRole(Role.ADMIN)) {
            log.info("faas admin: admin token(s) exist; {}", Files.exists(file)
                    ? "the first one generated is in " + file : "create more with POST /api/tokens");
            return;
        }
        try {
            String token = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : write(file);
            tokens.ensure("admin", Role.ADMIN, token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the admin token file " + file, e);
        }
        log.info("faas admin: the admin token is in {} (readable by this user only)", file);
    }

    /** A new token in a new file that only its owner may read; written before its hash is stored. */
    private static String write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String token = TokenStore.newToken();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
            log.warn("faas admin: this file system has no POSIX permissions: make {} readable by you only", file);
        } catch (FileAlreadyExistsException e) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return token;
    }
}
