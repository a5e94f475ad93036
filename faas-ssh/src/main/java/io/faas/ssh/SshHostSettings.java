package io.faas.ssh;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One host of an SSH pool: where to connect and, when it differs from the pool's, as whom.
 * Immutable and thread-safe.
 *
 * @param id         name of the host in logs and stats, unique in its pool (default {@code host:port};
 *                   an EC2 fleet uses the instance id)
 * @param host       DNS name or IP address
 * @param port       SSH port, 1 to 65535
 * @param user       login name, or {@code null} for the pool's
 * @param privateKey private key file (OpenSSH format), or {@code null} for the pool's
 * @since 0.1
 */
public record SshHostSettings(String id, String host, int port, String user, Path privateKey) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,253}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,128}");
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    public SshHostSettings {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("ssh host must be a DNS name or an IP address: " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ssh port of host " + host + " must be between 1 and 65535: " + port);
        }
        if (id == null || id.isBlank()) {
            id = host + ":" + port;
        }
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("ssh host id must be 1 to 128 letters, digits or ._:[]-: " + id);
        }
        if (user != null && !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("ssh user of host " + id + " is not a valid login name: " + user);
        }
    }

    /** A host on port 22 with the pool's user and key. */
    public static SshHostSettings of(String host) {
        return of(host, 22);
    }

    /** A host with the pool's user and key. */
    public static SshHostSettings of(String host, int port) {
        return new SshHostSettings(null, host, port, null, null);
    }

    /** This host under another id. */
    public SshHostSettings withId(String newId) {
        return new SshHostSettings(Objects.requireNonNull(newId, "id"), host, port, user, privateKey);
    }
}
