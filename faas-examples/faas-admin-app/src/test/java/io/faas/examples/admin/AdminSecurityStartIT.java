package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the app starts: the first admin token, and when it refuses to start without authentication. */
@ExtendWith(OutputCaptureExtension.class)
class AdminSecurityStartIT {

    @Test
    void theFirstStartWritesAnAdminTokenFileOnlyItsOwnerCanReadAndNeverLogsTheToken(@TempDir Path data,
                                                                                 CapturedOutput output)
            throws IOException {
        Path file = data.resolve("admin-token");
        String token;
        try (ConfigurableApplicationContext app = start(data)) {
            assertThat(file).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            token = Files.readString(file).strip();
            assertThat(token).startsWith("faas_").hasSizeGreaterThanOrEqualTo(45);
            assertThat(output.getAll()).contains(file.toString()).doesNotContain(token);

            Response me = new Http(port(app), token).get("/api/me");
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().get("role").asString()).isEqualTo("admin");
            assertThat(Http.anonymous(port(app)).get("/api/topics").status()).isEqualTo(401);
        }
        try (ConfigurableApplicationContext app = start(data)) {
            assertThat(Files.readString(file).strip()).as("not generated again").isEqualTo(token);
            assertThat(new Http(port(app), token).get("/api/topics").status()).isEqualTo(200);
            assertThat(new Http(port(app), token).get("/api/tokens").json()).hasSize(1);
        }
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void theBootstrapTokenIsAnAdminTokenWithExactlyThatValueAndNoFileIsWritten(@TempDir Path data) {
        String token = "faas_from-the-environment-0123456789";
        // FAAS_ADMIN_BOOTSTRAP_TOKEN is read as any property source's value, the environment's included
        try (ConfigurableApplicationContext app = start(data, "--FAAS_ADMIN_BOOTSTRAP_TOKEN=" + token)) {
            Response me = new Http(port(app), token).get("/api/me");
            assertThat(me.status()).as(me.toString()).isEqualTo(200);
            assertThat(me.json().get("name").asString()).isEqualTo("bootstrap");
            assertThat(me.json().get("role").asString()).isEqualTo("admin");
        }
        assertThat(data.resolve("admin-token")).doesNotExist();
        assertThatThrownBy(() -> start(data, "--faas.admin.security.bootstrap-token=short").close())
                .hasStackTraceContaining("faas.admin.security.bootstrap-token: an admin token must be at least 20"
                        + " characters long");
    }

    @Test
    void authenticationCannotBeSwitchedOffOnAnAddressOthersCanReach(@TempDir Path data) {
        for (String address : List.of("0.0.0.0", "")) {
            assertThatThrownBy(() -> start(data, "--server.address=" + address, "--faas.admin.security.enabled=false")
                    .close())
                    .as("server.address=" + address)
                    .rootCause().hasMessageContaining("faas.admin.security.enabled=false is only allowed when the app"
                            + " listens on a loopback address")
                    .hasMessageContaining("server.address=127.0.0.1");
        }
    }

    @Test
    void onALoopbackAddressAuthenticationMayBeOffForDevelopment(@TempDir Path data) {
        try (ConfigurableApplicationContext app = start(data, "--server.address=127.0.0.1",
                "--faas.admin.security.enabled=false")) {
            Http anonymous = Http.anonymous(port(app));
            assertThat(anonymous.get("/api/topics").status()).isEqualTo(200);
            assertThat(anonymous.post("/api/topics", Map.of("name", "open")).status()).isEqualTo(201);
            assertThat(anonymous.get("/api/me").json().get("authenticated").asBoolean()).isFalse();
            // still no cross-site form posts, and still no foreign Host
            Response form = anonymous.postRaw("/api/topics", "application/x-www-form-urlencoded", "name=x".getBytes());
            assertThat(form.status()).as(form.toString()).isEqualTo(403);
        }
        assertThat(data.resolve("admin-token")).doesNotExist();
    }

    private static ConfigurableApplicationContext start(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--faas.embedded.data-dir=" + data,
                "--faas.validation.enabled=false"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(FaasAdminApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
