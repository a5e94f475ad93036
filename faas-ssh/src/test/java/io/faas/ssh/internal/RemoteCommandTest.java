package io.faas.ssh.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteCommandTest {

    private static final String HASH = "a".repeat(64);

    @Test
    void everyWordOfTheWorkerCommandIsSingleQuoted() {
        String line = RemoteCommand.worker("/usr/bin/python3", ".faas", HASH, 64, 512);

        assertThat(line).isEqualTo("exec 'env' '-i' 'PATH=/usr/local/bin:/usr/bin:/bin' 'LANG=C.UTF-8' "
                + "'LC_ALL=C.UTF-8' 'PYTHONDONTWRITEBYTECODE=1' 'PYTHONUNBUFFERED=1' 'PYTHONIOENCODING=utf-8' "
                + "'/usr/bin/python3' '.faas/worker/" + HASH + "/faas_worker.py' '--code-dir' '.faas/fn' "
                + "'--private-dir-root' '.faas/run' '--max-modules' '64' '--memory-limit-mb' '512' "
                + "'--session-leader'");
    }

    @Test
    void thePoolsWorkerSandboxAndLimitsBecomeWordsOfTheWorkerCommand() {
        io.faas.core.WorkerSettings workers = io.faas.core.WorkerSettings.builder()
                .sandbox(io.faas.core.PythonSettings.Sandbox.BUBBLEWRAP)
                .sandboxUser("4242").tmpSizeMb(16).maxFileSizeMb(8).maxProcesses(32).maxOpenFiles(128).build();

        String boxed = RemoteCommand.worker("python3", ".faas", HASH, 64, 512, workers, true);
        String off = RemoteCommand.worker("python3", ".faas", HASH, 64, 512,
                io.faas.core.WorkerSettings.builder(workers).sandbox(io.faas.core.PythonSettings.Sandbox.NONE).build(),
                true);

        assertThat(boxed).endsWith("'--session-leader' '--max-file-size-mb' '8' '--max-open-files' '128' "
                + "'--sandbox' 'bubblewrap' '--sandbox-user' '4242' '--tmp-size-mb' '16' '--max-processes' '32' "
                + "'--network'");
        assertThat(off).endsWith("'--session-leader' '--max-file-size-mb' '8' '--max-open-files' '128'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3; rm -rf ~", "$(id)", "`id`", "py thon", "a'b", "a\"b", "a\nb", "a|b", "a&b",
            "a>b", "~/x", "*"})
    void aWordWithAnythingAShellWouldReadIsRefusedNotEscaped(String word) {
        assertThatThrownBy(() -> RemoteCommand.quote(word)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing");
        assertThatThrownBy(() -> RemoteCommand.worker(word, ".faas", HASH, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codeAndScriptPathsTakeOnlyHashes() {
        assertThat(RemoteCommand.codeDir(".faas", HASH)).isEqualTo(".faas/fn/" + HASH);
        assertThatThrownBy(() -> RemoteCommand.codeDir(".faas", "../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemoteCommand.worker("python3", ".faas", "x; id", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
