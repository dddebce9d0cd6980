package io.pqrstuv.cli.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a user secret as UTF-8 bytes (D-8) from a no-echo prompt or a file ({@code -} = stdin),
 * never from an argument. One trailing newline in a file is not part of the secret. Every
 * intermediate buffer is wiped; the caller wipes the result.
 */
public final class SecretInput {
    private SecretInput() {
    }

    public static byte[] read(String file, Terminal terminal, InputStream stdin, String prompt) throws UserException {
        if (file != null) {
            return fromFile(file, stdin);
        }
        if (!terminal.interactive()) {
            throw new UserException(ExitCodes.USAGE, "no terminal to ask for the secret: use --secret-file FILE (- for stdin)");
        }
        char[] chars = terminal.readSecret(prompt);
        if (chars == null) {
            throw new UserException(ExitCodes.USAGE, "no secret entered");
        }
        try {
            return utf8(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    public static byte[] fromFile(String file, InputStream stdin) throws UserException {
        byte[] raw;
        try {
            if (file.equals("-")) {
                raw = stdin.readAllBytes();
            } else {
                raw = Files.readAllBytes(Path.of(file));
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read the secret file " + file + ": " + FileErrors.describe(e));
        }
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        try {
            return Arrays.copyOf(raw, n);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** UTF-8 without going through an immutable String. */
    public static byte[] utf8(char[] chars) throws UserException {
        ByteBuffer bb;
        try {
            bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new UserException(ExitCodes.USAGE, "the secret is not valid text");
        }
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }
}
