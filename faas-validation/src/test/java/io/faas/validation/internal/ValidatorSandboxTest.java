package io.faas.validation.internal;

import io.faas.api.Diagnostic;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploaded code is parsed, never run; and the parser's context could not touch the host anyway. */
class ValidatorSandboxTest {

    @TempDir
    Path dir;

    @Test
    void codeIsParsedNeverExecuted() {
        Path marker = dir.resolve("executed");
        String path = marker.toString().replace("\\", "\\\\");
        String source = String.join("\n",
                "import os",
                "open('" + path + "', 'w').write('module body ran')",
                "os.system('touch " + path + "')",
                "__import__('subprocess').run(['touch', '" + path + "'])",
                "",
                "def handler(event, context):",
                "    return open('" + path + "', 'w')",
                "",
                "class Meta(type):",
                "    open('" + path + "', 'w')",
                "",
                "handler(None, None)",
                "");
        List<Diagnostic> ds = SharedValidator.get().validateFunction("evil.py", source, "handler");
        assertThat(ds).isEmpty();
        assertThat(marker).doesNotExist();
    }

    @Test
    void theParserContextHasNoFilesProcessesOrHostAccess() throws Exception {
        Path marker = dir.resolve("created-by-python");
        String path = marker.toString().replace("\\", "\\\\");
        try (PythonParsers parsers = new PythonParsers(1)) {
            PythonParsers.Parser p = parsers.borrow(java.time.Duration.ofSeconds(30));
            assertThatThrownBy(() -> p.context.eval("python", "open('" + path + "', 'w').write('x')"))
                    .isInstanceOf(PolyglotException.class);
            assertThatThrownBy(() -> p.context.eval("python", "import os\nos.system('touch " + path + "')"))
                    .isInstanceOf(PolyglotException.class);
            assertThatThrownBy(() -> p.context.eval("python", "import java\njava.type('java.lang.System')"))
                    .isInstanceOf(PolyglotException.class);
            assertThatThrownBy(() -> p.context.eval("python", "import _thread\n_thread.start_new_thread(print, ())"))
                    .isInstanceOf(PolyglotException.class);
            assertThat(Files.exists(marker)).isFalse();
            parsers.release(p);
        }
    }
}
