package io.faas.core.internal.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsCipherTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    @Test
    void sealsWithAFreshIvAndOpensOnlyForTheSameFunctionAndName() {
        SecretsCipher cipher = SecretsCipher.of(KEY);
        byte[] one = cipher.seal("f", "TOKEN", "s3cr3t-value");
        byte[] two = cipher.seal("f", "TOKEN", "s3cr3t-value");

        assertThat(one).isNotEqualTo(two);
        assertThat(new String(one, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(one).hasSize(12 + "s3cr3t-value".length() + 16);
        assertThat(cipher.open("f", "TOKEN", one)).isEqualTo("s3cr3t-value");
        assertThatThrownBy(() -> cipher.open("g", "TOKEN", one)).isInstanceOf(SecretsUnavailableException.class);
        assertThatThrownBy(() -> cipher.open("f", "OTHER", one)).isInstanceOf(SecretsUnavailableException.class);
    }

    @Test
    void anotherKeyFailsWithAMessageThatSaysWhatToDo() {
        byte[] sealed = SecretsCipher.of(KEY).seal("f", "TOKEN", "s3cr3t-value");
        assertThatThrownBy(() -> SecretsCipher.of(OTHER_KEY).open("f", "TOKEN", sealed))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessage("secret TOKEN of function 'f' cannot be decrypted: it was stored with another secrets key"
                        + " (set the key it was written with, or set the secret again)");
    }

    @Test
    void aKeyFileIsCreatedOnceOwnerOnlyAndReadAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/secrets.key");
        byte[] created = SecretsKeys.fromFile(file);

        assertThat(created).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretsKeys.fromFile(file)).isEqualTo(created);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
        Files.writeString(file, "not a key");
        assertThatThrownBy(() -> SecretsKeys.fromFile(file)).isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining("holds no usable key");
    }

    @Test
    void aGivenKeyMustBe32BytesOfBase64AndIsNeverEchoed() {
        assertThat(SecretsKeys.decode(Base64.getEncoder().encodeToString(OTHER_KEY))).isEqualTo(OTHER_KEY);
        assertThatThrownBy(() -> SecretsKeys.decode("c2hvcnQ=")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> SecretsKeys.decode("not base64!")).hasMessage("the secrets key is not base64");
    }
}
