package io.faas.core.internal.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Seals secret values with AES-256-GCM: a random 12-byte IV per value, the function and secret
 * names as additional authenticated data (so a sealed value copied to another function or name
 * does not open), stored as {@code IV || ciphertext || tag}. The key is read on first use, so an
 * instance without secrets never creates a key file. Thread-safe.
 */
public final class SecretsCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<byte[]> keySource;
    private volatile SecretKeySpec key;

    /** @param keySource gives the 32-byte key; called once, on first use */
    public SecretsCipher(Supplier<byte[]> keySource) {
        this.keySource = Objects.requireNonNull(keySource, "keySource");
    }

    /** A cipher with a fixed key. */
    public static SecretsCipher of(byte[] key) {
        byte[] copy = key.clone();
        return new SecretsCipher(() -> copy);
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    byte[] bytes = keySource.get();
                    if (bytes == null || bytes.length != 32) {
                        throw new SecretsUnavailableException("the secrets key must be 32 bytes (AES-256)");
                    }
                    k = new SecretKeySpec(bytes, "AES");
                    key = k;
                }
            }
        }
        return k;
    }

    /** {@code IV || ciphertext || tag} of {@code value}, bound to the function and secret name. */
    public byte[] seal(String function, String name, String value) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(function, name));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
    }

    /**
     * The value sealed by {@link #seal} for the same function and name.
     *
     * @throws SecretsUnavailableException if it does not open: sealed with another key, or altered
     */
    public String open(String function, String name, byte[] sealed) {
        if (sealed == null || sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw cannotOpen(function, name, null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad(function, name));
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw cannotOpen(function, name, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is part of every JDK", e);
        }
    }

    /** Every sealed value of a function opened, by name. */
    public Map<String, String> openAll(String function, Map<String, byte[]> sealed) {
        if (sealed.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        sealed.forEach((name, bytes) -> out.put(name, open(function, name, bytes)));
        return out;
    }

    private static SecretsUnavailableException cannotOpen(String function, String name, Throwable cause) {
        return new SecretsUnavailableException("secret " + name + " of function '" + function + "' cannot be"
                + " decrypted: it was stored with another secrets key (set the key it was written with, or set"
                + " the secret again)", cause);
    }

    private static byte[] aad(String function, String name) {
        return (function + "\u0000" + name).getBytes(StandardCharsets.UTF_8);
    }
}
