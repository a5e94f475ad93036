package io.faas.testkit;

import io.faas.testkit.internal.Directories;
import io.faas.testkit.internal.FreePorts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real OpenSSH server ({@code /usr/sbin/sshd}) on 127.0.0.1 for tests, with throwaway keys made
 * by {@code ssh-keygen}: a host key, and a client key that may log in as the current user. It
 * logs in only with that key; SFTP is served by {@code internal-sftp}.
 *
 * <pre>{@code
 * try (EmbeddedSshd sshd = EmbeddedSshd.builder().build().start()) {
 *     // sshd.port(), sshd.clientKey(), sshd.knownHosts(), sshd.user()
 * }
 * }</pre>
 *
 * <p>{@link #kill()} ends the server and every session it serves at once, like a host that
 * dies; {@link #start()} again serves on the same port with the same host key, like the host
 * coming back. Needs {@code openssh-server} and {@code openssh-client} installed; run as root,
 * {@code /run/sshd} is created if missing.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class EmbeddedSshd implements AutoCloseable {

    private static final String SSHD = "/usr/sbin/sshd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path hostKey;
    private final Path clientKey;
    private final int port;
    private Process process;
    private boolean closed;

    private EmbeddedSshd(Builder b) {
        try {
            dir = Files.createTempDirectory("faas-sshd-");
            hostKey = dir.resolve("ssh_host_ed25519_key");
            clientKey = dir.resolve("id_ed25519");
            keygen(hostKey);
            if (b.clientKey != null) {
                Files.copy(b.clientKey, clientKey);
                Files.copy(Path.of(b.clientKey + ".pub"), Path.of(clientKey + ".pub"));
            } else {
                keygen(clientKey);
            }
            Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
            port = b.port > 0 ? b.port : FreePorts.pick();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + hostKey,
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "UsePAM no",
                    "StrictModes no",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "AllowTcpForwarding no",
                    "X11Forwarding no",
                    "PrintMotd no",
                    "MaxSessions 64",
                    "MaxStartups 64",
                    "LogLevel ERROR",
                    "Subsystem sftp internal-sftp",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare sshd", e);
        }
    }

    /** A builder: a free port, new keys. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether an OpenSSH server and {@code ssh-keygen} are installed here. */
    public static boolean isAvailable() {
        return Files.isExecutable(Path.of(SSHD)) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen"));
    }

    private static void keygen(Path file) throws IOException {
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "faas-test", "-f", file.toString()));
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /**
     * Starts the server (again, after {@link #kill()} or {@link #stop()}) and waits until it
     * greets on its port.
     *
     * @throws IllegalStateException if it does not within 10 s
     */
    public synchronized EmbeddedSshd start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
            process = new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + SSHD, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!greets()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = readLog();
                process.destroyForcibly();
                throw new IllegalStateException("sshd did not start on port " + port + ": " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return this;
    }

    private boolean greets() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] banner = new byte[4];
            return in.readNBytes(banner, 0, 4) == 4 && new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Whether the server runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Ends the server and every connection and session process it serves, at once (SIGKILL): a host that dies. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = process.descendants().toList();
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : all) {
            p.onExit().completeOnTimeout(p, 2, TimeUnit.SECONDS).join();
        }
    }

    /** Same as {@link #kill()}; the server can be started again. */
    public void stop() {
        kill();
    }

    /** Whether the process {@code pid} was started by this server (a session it serves, or what runs in one). */
    public synchronized boolean serves(long pid) {
        if (process == null) {
            return false;
        }
        java.util.Optional<ProcessHandle> p = ProcessHandle.of(pid);
        while (p.isPresent()) {
            if (p.get().pid() == process.pid()) {
                return true;
            }
            p = p.get().parent();
        }
        return false;
    }

    /** 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The user the client key logs in as: the user running this JVM. */
    public String user() {
        return System.getProperty("user.name");
    }

    /** Private key (OpenSSH format, no passphrase) that may log in. */
    public Path clientKey() {
        return clientKey;
    }

    /** The {@code known_hosts} line of this server: {@code [127.0.0.1]:port ssh-ed25519 AAAA...}. */
    public String knownHostsLine() {
        try {
            String[] pub = Files.readString(Path.of(hostKey + ".pub")).trim().split(" ");
            return "[" + host() + "]:" + port + " " + pub[0] + " " + pub[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code known_hosts} file in the server's directory that lists this server's host key. */
    public Path knownHosts() {
        Path file = dir.resolve("known_hosts");
        try {
            Files.writeString(file, knownHostsLine() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The directory of the keys, configuration and log; deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** Kills the server and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        kill();
        closed = true;
        Directories.deleteQuietly(dir);
    }

    /** Mutable builder. Not thread-safe. */
    public static final class Builder {
        private int port;
        private Path clientKey;

        private Builder() {
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Accept this client key (its {@code .pub} beside it) instead of a new one, to share one key among servers. */
        public Builder clientKey(Path privateKey) {
            this.clientKey = privateKey;
            return this;
        }

        public EmbeddedSshd build() {
            return new EmbeddedSshd(this);
        }
    }
}
