package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.JsonOutput;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.CardStatusException;
import io.pqrstuv.cryptnox.error.CardTransportException;
import io.pqrstuv.cryptnox.error.CryptnoxException;
import io.pqrstuv.cryptnox.error.GenuineCheckException;
import io.pqrstuv.cryptnox.error.PinException;
import io.pqrstuv.cryptnox.error.PukException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shared shape of the {@code card} subcommands: where the card is, the pairing secret, human or
 * JSON output, PIN/PUK input (prompt without echo, or a file; never an argument), and one line on
 * stderr with an exit code for every failure.
 */
abstract class CardBase implements Callable<Integer> {
    /** Test hooks: the interactive terminal, stdin, and raw stdout. */
    static Terminal terminal = Terminal.system();
    static InputStream stdin = System.in;
    static PrintStream binaryOut = System.out;

    static final String FOOTER = "%nPINs and PUKs are read from a prompt without echo, or from --pin-file/--puk-file "
            + "(- = stdin), never from the command line.%n"
            + "Exit codes: 0 ok, 2 usage or input error, 3 no reader, card or card server, 4 the card refused, "
            + "5 wrong PIN or PUK (the message says how many tries are left), 6 the card broke the protocol or "
            + "failed its genuineness check, 7 aborted, 70 internal error.";

    @Spec
    CommandSpec spec;

    @Mixin
    CardOptions where;

    @Option(names = "--pairing-secret-file", paramLabel = "FILE",
            description = "The card's pairing secret (32 bytes, raw or 64 hex digits) if its owner chose one at init; "
                    + "default: the common Cryptnox pairing secret.")
    String pairingSecretFile;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (UserException e) {
            return fail(e.exitCode(), e.getMessage());
        } catch (PinException | PukException e) {
            return fail(ExitCodes.AUTHENTICATION, e.getMessage());
        } catch (CardStatusException | CardStateException e) {
            return fail(ExitCodes.DEVICE_REFUSED, e.getMessage());
        } catch (CardTransportException e) {
            return fail(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (CardProtocolException | GenuineCheckException e) {
            return fail(ExitCodes.PROTOCOL, e.getMessage());
        } catch (CryptnoxException e) {
            return fail(ExitCodes.PROTOCOL, e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(ExitCodes.USAGE, e.getMessage());
        } catch (Exception e) {
            return fail(ExitCodes.INTERNAL, "internal error: " + e);
        }
    }

    int fail(int code, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName().replaceFirst("^pqrstuv ", "pqrstuv ") + ": "
                + (message == null ? "failed" : message.replaceAll("\\s+", " ")));
        err.flush();
        return code;
    }

    /** Opens the card (SELECT, certificate, signed session key). The caller closes it. */
    CryptnoxCard open() throws Exception {
        CardConnection c = where.connect();
        byte[] pairing = pairingSecret();
        try {
            return CardFactory.open(c, pairing, new SecureRandom());
        } catch (CryptnoxException | RuntimeException e) {
            c.close();
            throw e;
        } finally {
            Arrays.fill(pairing, (byte) 0);
        }
    }

    byte[] pairingSecret() throws UserException {
        if (pairingSecretFile == null) {
            return CardFactory.commonPairingSecret();
        }
        return thirtyTwoBytes(SecretInput.fromFile(pairingSecretFile, stdin), "pairing secret");
    }

    /** 32 raw bytes, or 64 hex digits (whitespace ignored). Wipes {@code raw}. */
    static byte[] thirtyTwoBytes(byte[] raw, String what) throws UserException {
        try {
            if (raw.length == 32) {
                return raw.clone();
            }
            byte[] hex = hexBytes(raw, what);
            if (hex.length != 32) {
                Arrays.fill(hex, (byte) 0);
                throw new UserException(ExitCodes.USAGE, "the " + what + " must be 32 bytes (or 64 hex digits)");
            }
            return hex;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Hex text (whitespace ignored) to bytes, without making a String of it. */
    static byte[] hexBytes(byte[] text, String what) throws UserException {
        byte[] digits = new byte[text.length];
        int n = 0;
        for (byte b : text) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (Character.digit(b, 16) < 0) {
                Arrays.fill(digits, (byte) 0);
                throw new UserException(ExitCodes.USAGE, "the " + what + " is not hexadecimal");
            }
            digits[n++] = b;
        }
        if (n % 2 != 0) {
            Arrays.fill(digits, (byte) 0);
            throw new UserException(ExitCodes.USAGE, "the " + what + " has an odd number of hex digits");
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (Character.digit(digits[2 * i], 16) << 4 | Character.digit(digits[2 * i + 1], 16));
        }
        Arrays.fill(digits, (byte) 0);
        return out;
    }

    /** A code (PIN or PUK) from {@code file} or a no-echo prompt, asked twice when {@code confirm}. */
    static char[] code(String file, String prompt, boolean confirm) throws UserException {
        if (file != null) {
            return chars(SecretInput.fromFile(file, stdin));
        }
        if (!terminal.interactive()) {
            String option = prompt.contains("PUK") ? "--puk-file" : "--pin-file";
            throw new UserException(ExitCodes.USAGE, "no terminal to ask for the " + (prompt.contains("PUK") ? "PUK" : "PIN")
                    + ": use " + option + " FILE (- for stdin)");
        }
        char[] a = chars(SecretInput.read(null, terminal, stdin, prompt + ": "));
        if (!confirm) {
            return a;
        }
        char[] b = chars(SecretInput.read(null, terminal, stdin, prompt + " again: "));
        try {
            if (!Arrays.equals(a, b)) {
                Arrays.fill(a, '\0');
                throw new UserException(ExitCodes.USAGE, "the two entries differ");
            }
            return a;
        } finally {
            Arrays.fill(b, '\0');
        }
    }

    /** ASCII bytes to chars (codes are ASCII); wipes the bytes. */
    private static char[] chars(byte[] b) throws UserException {
        try {
            char[] c = new char[b.length];
            for (int i = 0; i < b.length; i++) {
                if (b[i] < 0) {
                    Arrays.fill(c, '\0');
                    throw new UserException(ExitCodes.USAGE, "PINs and PUKs are ASCII");
                }
                c[i] = (char) b[i];
            }
            return c;
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    static void wipe(char[]... codes) {
        for (char[] c : codes) {
            if (c != null) {
                Arrays.fill(c, '\0');
            }
        }
    }

    /** Only one secret can come from stdin. */
    static void oneStdin(String... files) throws UserException {
        int n = 0;
        for (String f : files) {
            if ("-".equals(f)) {
                n++;
            }
        }
        if (n > 1) {
            throw new UserException(ExitCodes.USAGE, "only one PIN, PUK or secret can come from stdin");
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void print(String human, Object machine) {
        if (json) {
            out().println(JsonOutput.of(machine));
        } else if (human != null) {
            out().println(human);
        }
        out().flush();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Destructive commands: an explicit yes, or --yes. */
    static void confirm(boolean yes, String question) throws UserException {
        if (yes) {
            return;
        }
        if (!terminal.interactive()) {
            throw new UserException(ExitCodes.USAGE, "refusing without confirmation: no terminal to ask; add --yes");
        }
        String answer = terminal.readLine(question + " Type 'yes' to continue: ");
        if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
            throw new UserException(ExitCodes.ABORTED, "aborted");
        }
    }
}
