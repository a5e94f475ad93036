package io.faas.examples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Python source files as the CLI reads them. */
final class Sources {

    private Sources() {
    }

    /**
     * UTF-8, strictly (pyflakes reports undecodable files; a
     * {@link java.nio.charset.CharacterCodingException} says so), without a byte-order mark.
     */
    static String read(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
