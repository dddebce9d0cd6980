package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** PEM out, and DER-or-PEM in, for keys and certificates. */
final class Pem {
    private Pem() {
    }

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /**
     * DER as is, or the body of the first PEM block with {@code label}. Works on bytes only, so a
     * PEM private key never becomes an immutable String; the caller wipes {@code content} and the result.
     */
    static byte[] derOrPem(byte[] content, String label, String what) throws UserException {
        if (content.length > 0 && content[0] == 0x30) {
            return content.clone();
        }
        byte[] begin = ("-----BEGIN " + label + "-----").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("-----END " + label + "-----").getBytes(StandardCharsets.US_ASCII);
        int b = indexOf(content, begin, 0);
        int e = b < 0 ? -1 : indexOf(content, end, b + begin.length);
        if (b < 0 || e < 0) {
            throw new UserException(ExitCodes.USAGE, what + " is neither DER nor PEM (-----BEGIN " + label + "-----)");
        }
        byte[] body = java.util.Arrays.copyOfRange(content, b + begin.length, e);
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException ex) {
            throw new UserException(ExitCodes.USAGE, what + ": bad base64 in the PEM block");
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
