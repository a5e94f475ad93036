package io.faas.core.internal.execution.python;

import io.faas.core.internal.execution.Watchdog;
import io.faas.core.internal.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code faas_worker.py} worker, local or remote ({@link WorkerProcess}): its pipes, a daemon
 * thread that reads its stderr (debug log, kept tail for crash reports) and its stdout (protocol
 * frames). A local worker's replies are read by the caller on its own thread, which saves a
 * thread hand-off per call: the {@link Watchdog} kills the worker at the deadline or on an
 * interrupt, and its death ends the read. A remote worker's replies are read by a second daemon
 * thread and handed over, because a channel to an unreachable host may not end a read when closed.
 *
 * <p>Used by one thread at a time (a pool hands a worker to one caller); {@link #kill()},
 * {@link #requestStop()} and the exit queries may be called from any thread.
 */
public final class PythonWorker {

    private static final Logger log = LoggerFactory.getLogger(PythonWorker.class);

    /** Largest reply frame accepted; the worker replaces bigger replies with a ResultTooLarge failure. */
    static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
    private static final byte[] END = new byte[0];
    private static final int TAIL_LINES = 20;
    private static final int MAX_LINE_CHARS = 2000;
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final WorkerProcess process;
    /** Guarded by the pool that owns the worker. */
    private volatile WorkerProfile profile;
    private final boolean codeByReference;
    private final OutputStream stdin;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    /** Replies read on the caller's thread (local workers), else {@code null}. */
    private final DataInputStream replies;
    /** Whether the caller-read stream ended; later receives end at once. */
    private boolean ended;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    /** Masks the secrets of the calls this worker runs in what it writes to stderr. */
    private volatile Redactor stderrRedactor = Redactor.of(List.of());
    private volatile Map<String, String> redactedSecrets = Map.of();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Map<String, Boolean> loaded;
    private volatile boolean stopRequested;
    private volatile String protocolError;
    private long nextRequestId;
    private int calls;
    private long idleSinceNanos = System.nanoTime();

    /** Wraps a just-started local worker process and starts reading its output. */
    static PythonWorker attach(Process process, Path dir, WorkerProfile profile, int maxModules) {
        return attach(new LocalWorkerProcess(process, dir), profile, maxModules, false);
    }

    /**
     * Wraps a just-started worker and starts reading its output.
     *
     * @param codeByReference whether the worker finds function code in its code directory (by the
     *                        SHA-256 of the source), so requests name the code instead of carrying it
     */
    public static PythonWorker attach(WorkerProcess process, WorkerProfile profile, int maxModules,
                                      boolean codeByReference) {
        PythonWorker worker = new PythonWorker(process, profile, maxModules, codeByReference);
        if (worker.stdoutReader != null) {
            worker.stdoutReader.start();
        }
        worker.stderrReader.start();
        return worker;
    }

    private PythonWorker(WorkerProcess process, WorkerProfile profile, int maxModules, boolean codeByReference) {
        this.process = process;
        this.profile = java.util.Objects.requireNonNull(profile, "profile");
        this.codeByReference = codeByReference;
        this.stdin = process.stdin();
        // Mirrors the worker's own LRU of modules; when they disagree the worker asks for the
        // source again (NEED_SOURCE), so this only has to be right most of the time.
        this.loaded = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxModules;
            }
        };
        if (process.killEndsReads()) {
            replies = new DataInputStream(new BufferedInputStream(process.stdout(), 1 << 16));
            stdoutReader = null;
        } else {
            replies = null;
            stdoutReader = new Thread(this::readFrames, "faas-python-" + id + "-stdout");
            stdoutReader.setDaemon(true);
        }
        stderrReader = new Thread(this::drainStderr, "faas-python-" + id + "-stderr");
        stderrReader.setDaemon(true);
    }

    public long id() {
        return id;
    }

    public int memoryLimitMb() {
        return profile.memoryLimitMb();
    }

    /** What the worker was started for; call under the owning pool's lock. */
    public WorkerProfile profile() {
        return profile;
    }

    /**
     * Takes the worker for a call of {@code wanted}, binding an unbound worker to its function.
     *
     * @return whether it serves that profile; call under the owning pool's lock
     */
    public boolean claim(WorkerProfile wanted) {
        if (!profile.serves(wanted)) {
            return false;
        }
        profile = wanted;
        return true;
    }

    /** Whether requests name the code by its content hash instead of carrying the source. */
    boolean codeByReference() {
        return codeByReference;
    }

    /** The process or channel behind this worker. */
    public WorkerProcess process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int calls() {
        return calls;
    }

    void countCall() {
        calls++;
    }

    public long idleSinceNanos() {
        return idleSinceNanos;
    }

    public void markIdle(long nanos) {
        idleSinceNanos = nanos;
    }

    long nextRequestId() {
        return ++nextRequestId;
    }

    /** Whether the module of this source hash is (probably) loaded; does not count as a use. */
    public boolean knows(String sourceHash) {
        return loaded.containsKey(sourceHash);
    }

    /** Records the worker's answer to "is the module for this hash loaded now". */
    void noteLoaded(String sourceHash, boolean isLoaded) {
        if (isLoaded) {
            loaded.put(sourceHash, Boolean.TRUE);
        } else {
            loaded.remove(sourceHash);
        }
    }

    /** Whether the pool stopped this worker on purpose, so its end is not a crash. */
    boolean stopRequested() {
        return stopRequested;
    }

    /** Why the reader gave up on the stream, when the worker broke the protocol; else {@code null}. */
    String protocolError() {
        return protocolError;
    }

    /** Writes one frame (length header included) to the worker. */
    public void send(byte[] frame) throws IOException {
        stdin.write(frame);
        stdin.flush();
    }

    /**
     * Next frame from the worker.
     *
     * @return the frame, or {@code null} when none came within the timeout
     * @throws EOFException when the worker closed its end (it exited or was killed)
     */
    public byte[] receive(long timeoutNanos) throws InterruptedException, EOFException {
        if (replies != null) {
            return receiveHere(timeoutNanos);
        }
        byte[] frame = frames.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        if (frame == END) {
            frames.add(END); // later receives see the end too
            throw new EOFException("worker " + id + " closed its output");
        }
        return frame;
    }

    /** {@link #receive} on the caller's thread, the watchdog ending the read at the deadline. */
    private byte[] receiveHere(long timeoutNanos) throws InterruptedException, EOFException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (ended) {
            throw new EOFException("worker " + id + " closed its output");
        }
        Watchdog.Watch watch = Watchdog.get().arm(System.nanoTime() + Math.max(0, timeoutNanos), true, this::kill);
        byte[] frame = null;
        try {
            frame = readFrame(replies);
        } catch (IOException e) {
            log.debug("python worker {}: stdout read failed: {}", id, e.toString());
        }
        switch (Watchdog.get().disarm(watch)) {
            case TIMED_OUT -> {
                ended = true;
                return null; // killed at the deadline, so even a reply that came just then is void
            }
            case INTERRUPTED -> {
                ended = true;
                Thread.interrupted();
                throw new InterruptedException();
            }
            default -> {
                if (frame == null) {
                    ended = true;
                    throw new EOFException("worker " + id + " closed its output");
                }
                return frame;
            }
        }
    }

    /**
     * Reads one frame; {@code null} at the end of the stream. A frame over the size limit is a
     * protocol error: the worker is killed and the end reported.
     */
    private byte[] readFrame(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            protocolError = "reply frame of " + Integer.toUnsignedString(length) + " bytes (limit "
                    + MAX_FRAME_BYTES + ")";
            process.kill();
            return null;
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    /** Asks the worker to end: no more input, then SIGTERM to it and its children. */
    public void requestStop() {
        stopRequested = true;
        closeStdin();
        process.terminate();
    }

    /** SIGKILL to the worker and to every process it started; closes the pipes, so unread output is lost. */
    public void kill() {
        process.kill();
    }

    private void closeStdin() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /**
     * Ends the worker within about {@code graceMillis}: closes its input (an idle worker exits at
     * once), then SIGTERM, then SIGKILL; then releases what it held. Keeps the interrupt flag.
     */
    public void stop(long graceMillis) {
        stopRequested = true;
        // Listed while the worker still lives: once it exits, its children are re-parented and
        // could no longer be found, yet they should not outlive it.
        process.rememberChildren();
        closeStdin();
        if (!awaitExit(Math.min(graceMillis, 500))) {
            process.terminate();
            if (!awaitExit(graceMillis)) {
                process.kill();
                awaitExit(1000);
            }
        }
        process.kill(); // the children listed above, if the worker left any
        cleanUp();
    }

    /** Waits for the process to end; an interrupt ends the wait early and is kept. */
    public boolean awaitExit(long millis) {
        return process.awaitExit(millis);
    }

    /** Waits briefly for the last stderr lines of an ended worker to be read. */
    public void awaitStderr(long millis) {
        try {
            stderrReader.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How the process ended, for messages: {@code exit code 3} or {@code killed by signal 9 (SIGKILL)}. */
    public String exitDescription() {
        return process.exitDescription();
    }

    /** The last lines the worker wrote to stderr, oldest first, joined by newlines. */
    public String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** Releases the private directory or channel; call once the process has ended. Idempotent. */
    public void cleanUp() {
        closeStdin();
        process.cleanUp();
    }

    private void readFrames() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.stdout(), 1 << 16))) {
            byte[] frame;
            while ((frame = readFrame(in)) != null) {
                frames.add(frame);
            }
        } catch (EOFException e) {
            // the worker ended mid-frame
        } catch (IOException e) {
            log.debug("python worker {}: stdout read failed: {}", id, e.toString());
        } finally {
            frames.add(END);
        }
    }

    private void drainStderr() {
        try (Reader in = new InputStreamReader(process.stderr(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            char[] buffer = new char[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n') {
                        stderrLine(line);
                        line.setLength(0);
                    } else if (line.length() < MAX_LINE_CHARS) {
                        line.append(c);
                    }
                }
            }
            if (line.length() > 0) {
                stderrLine(line);
            }
        } catch (IOException e) {
            log.debug("python worker {}: stderr read failed: {}", id, e.toString());
        }
    }

    /**
     * Masks these secret values in what the worker writes straight to stderr from now on: such
     * output reaches the DEBUG log and crash reports, past the call's own redaction.
     */
    void redactStderr(Map<String, String> secrets) {
        if (!secrets.equals(redactedSecrets)) {
            stderrRedactor = Redactor.of(secrets.values());
            redactedSecrets = secrets;
        }
    }

    private void stderrLine(CharSequence line) {
        String text = stderrRedactor.redact(line.toString());
        log.debug("python worker {} ({}): {}", id, process.describe(), text);
        synchronized (stderrTail) {
            stderrTail.addLast(text);
            while (stderrTail.size() > TAIL_LINES) {
                stderrTail.removeFirst();
            }
        }
    }

    @Override
    public String toString() {
        return "PythonWorker{id=" + id + ", " + process.describe() + ", " + profile + ", calls="
                + calls + "}";
    }
}
