package io.faas.ssh.internal;

import io.faas.core.PythonSettings;
import io.faas.core.WorkerSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one command line faas runs on a remote host: start a worker. An SSH exec request is a
 * single string that the remote login shell parses, so every word is checked against a strict
 * character set and single-quoted; a word that is not acceptable is refused rather than escaped.
 * Function names, code, events and context never appear here: code goes by SFTP, the rest in
 * protocol frames. Stateless.
 */
final class RemoteCommand {

    private static final Pattern SAFE_WORD = Pattern.compile("[A-Za-z0-9._/+=:,-]{1,300}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private RemoteCommand() {
    }

    /**
     * {@code exec env -i PATH=... <interpreter> <dir>/worker/<hash>/faas_worker.py --code-dir ...}:
     * the worker replaces the shell (so signals reach it), with a scrubbed environment, in a
     * private directory under {@code <dir>/run}, leading its own process group.
     */
    static String worker(String interpreter, String remoteDir, String scriptHash, int maxModules, int memoryLimitMb) {
        return worker(interpreter, remoteDir, scriptHash, maxModules, memoryLimitMb, null, false);
    }

    /**
     * The worker command for a pool's worker settings: with {@code workers} non-null, their limits
     * and sandbox (the worker re-executes itself in bubblewrap on the host, see faas_worker.py), and
     * the host's network for a function that asked for it.
     */
    static String worker(String interpreter, String remoteDir, String scriptHash, int maxModules, int memoryLimitMb,
                         WorkerSettings workers, boolean network) {
        if (!HEX.matcher(scriptHash).matches()) {
            throw new IllegalArgumentException("script hash must be 64 hex digits: " + scriptHash);
        }
        List<String> words = new ArrayList<>(List.of("env", "-i",
                "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
                "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1", "PYTHONIOENCODING=utf-8",
                interpreter, scriptPath(remoteDir, scriptHash),
                "--code-dir", remoteDir + "/fn",
                "--private-dir-root", remoteDir + "/run",
                "--max-modules", Integer.toString(maxModules),
                "--memory-limit-mb", Integer.toString(memoryLimitMb),
                "--session-leader"));
        if (workers != null) {
            words.addAll(List.of("--max-file-size-mb", Integer.toString(workers.maxFileSizeMb()),
                    "--max-open-files", Integer.toString(workers.maxOpenFiles())));
            if (workers.sandbox() != PythonSettings.Sandbox.NONE) {
                words.addAll(List.of("--sandbox", workers.sandbox() == PythonSettings.Sandbox.BUBBLEWRAP
                                ? "bubblewrap" : "auto",
                        "--sandbox-user", workers.sandboxUser(),
                        "--tmp-size-mb", Integer.toString(workers.tmpSizeMb()),
                        "--max-processes", Integer.toString(workers.maxProcesses())));
                if (network) {
                    words.add("--network");
                }
            }
        }
        StringBuilder line = new StringBuilder("exec");
        for (String word : words) {
            line.append(' ').append(quote(word));
        }
        return line.toString();
    }

    /** Where the worker script with this content hash lives on a host. */
    static String scriptPath(String remoteDir, String scriptHash) {
        return remoteDir + "/worker/" + scriptHash + "/faas_worker.py";
    }

    /** Where the code with this content hash lives on a host. */
    static String codeDir(String remoteDir, String codeRef) {
        if (!HEX.matcher(codeRef).matches()) {
            throw new IllegalArgumentException("code ref must be 64 hex digits: " + codeRef);
        }
        return remoteDir + "/fn/" + codeRef;
    }

    /**
     * The word in single quotes, for a POSIX shell.
     *
     * @throws IllegalArgumentException if it holds anything but letters, digits and {@code ._/+=:,-},
     *                                  or starts with {@code -} where an option is not expected
     */
    static String quote(String word) {
        if (word == null || !SAFE_WORD.matcher(word).matches()) {
            throw new IllegalArgumentException("refusing to put " + (word == null ? "null" : "'" + word + "'")
                    + " on a remote command line: only letters, digits and ._/+=:,- are allowed");
        }
        return "'" + word + "'";
    }
}
