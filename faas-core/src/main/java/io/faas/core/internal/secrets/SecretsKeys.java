package io.faas.core.internal.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Where the secrets key comes from: given in the settings, or a key file created on first use. */
public final class SecretsKeys {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretsKeys() {
    }

    /**
     * The 32 bytes of a base64 key.
     *
     * @throws IllegalArgumentException if it is not base64 of exactly 32 bytes (the message
     *                                  never shows the key)
     */
    public static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secrets key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("the secrets key must be base64 of 32 bytes (AES-256), not "
                    + key.length + " bytes; make one with: openssl rand -base64 32");
        }
        return key;
    }

    /**
     * The key in {@code file}; when there is no such file, a new random key written to it
     * (base64, owner read/write only).
     *
     * @throws SecretsUnavailableException if the file cannot be read or written, or holds no key
     */
    public static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                if (create(file, Base64.getEncoder().encodeToString(key) + "\n")) {
                    return key;
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SecretsUnavailableException("cannot read or create the secrets key file " + file + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SecretsUnavailableException("the secrets key file " + file + " holds no usable key: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Creates the file with the text, readable by its owner only; false if another process made
     * it first. Written to a temporary file and linked into place, so nobody reads it half-written.
     */
    private static boolean create(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(parent, ".secrets-key-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(parent, ".secrets-key-", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
