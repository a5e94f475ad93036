package io.faas.core.internal.execution.python;

import io.faas.core.internal.common.Directories;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A worker that is a child process of this JVM, with its private directory. Thread-safe. */
final class LocalWorkerProcess implements WorkerProcess {

    private final Process process;
    private final Path dir;
    private final AtomicBoolean cleanedUp = new AtomicBoolean();
    private volatile List<ProcessHandle> knownChildren = List.of();

    LocalWorkerProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public boolean killEndsReads() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void rememberChildren() {
        // Children are listed before the parent dies: afterwards they are re-parented and lost.
        Set<ProcessHandle> children = new LinkedHashSet<>(knownChildren);
        children.addAll(descendants());
        knownChildren = List.copyOf(children);
    }

    @Override
    public void terminate() {
        rememberChildren();
        process.destroy();
        knownChildren.forEach(ProcessHandle::destroy);
    }

    @Override
    public void kill() {
        // Those seen by an earlier signal are kept, so a later SIGKILL still reaches them.
        rememberChildren();
        process.destroyForcibly();
        knownChildren.forEach(ProcessHandle::destroyForcibly);
    }

    private List<ProcessHandle> descendants() {
        try {
            return process.descendants().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public boolean awaitExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    @Override
    public String exitDescription() {
        if (process.isAlive()) {
            return "still running";
        }
        int code = process.exitValue();
        // The JDK reports death by signal N as exit value 128 + N.
        if (code > 128 && code < 128 + 32) {
            return WorkerProcess.signalDescription(code - 128) + " (exit value " + code + ")";
        }
        return "exit code " + code;
    }

    @Override
    public String describe() {
        return "pid " + process.pid();
    }

    @Override
    public void cleanUp() {
        if (cleanedUp.compareAndSet(false, true)) {
            Directories.deleteRecursively(dir);
        }
    }
}
