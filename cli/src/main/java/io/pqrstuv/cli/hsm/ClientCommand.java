package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.FileErrors;
import io.pqrstuv.cli.console.JsonOutput;
import io.pqrstuv.cli.console.Progress;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.error.DeviceException;
import io.pqrstuv.client.error.HttpStatusException;
import io.pqrstuv.client.error.IncorrectSecretException;
import io.pqrstuv.client.error.MalformedResponseException;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.error.RateLimitedException;
import io.pqrstuv.client.error.TransportException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shared shape of the client commands: connection options, human or JSON output, and the mapping
 * of every failure to one line on stderr plus an exit code (never a stack trace).
 */
abstract class ClientCommand implements Callable<Integer> {
    /** Test hooks: the interactive terminal and stdin. */
    static Terminal terminal = Terminal.system();
    static InputStream stdin = System.in;
    static PrintStream binaryOut = System.out;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--no-progress", description = "Do not show the progress line for long operations.")
    boolean noProgress;

    private PqrstuvClient client;
    /** --secret-file given before the command name, for the commands that take one. */
    private String secretFileBefore;

    /** The command body. */
    abstract int run() throws Exception;

    /** Connects on first use, so purely local work (verify --public-key) needs no trust set-up. */
    PqrstuvClient client() throws UserException {
        if (client == null) {
            client = connection.connect();
        }
        return client;
    }

    @Override
    public final Integer call() {
        GlobalOptions before = GlobalOptions.of(spec);
        if (before != null) {
            connection.inherit(before);
            json |= before.json;
            secretFileBefore = before.secretFile;
        }
        try {
            return run();
        } catch (UserException e) {
            return fail(e.exitCode(), e.getMessage());
        } catch (IncorrectSecretException | RateLimitedException e) {
            return fail(ExitCodes.AUTHENTICATION, e.getMessage());
        } catch (DeviceException e) {
            return fail(ExitCodes.DEVICE_REFUSED, e.getMessage());
        } catch (TransportException e) {
            return fail(ExitCodes.UNREACHABLE, e.getMessage());
        } catch (HttpStatusException | MalformedResponseException e) {
            return fail(ExitCodes.PROTOCOL, e.getMessage());
        } catch (PqrstuvException e) {
            return fail(ExitCodes.PROTOCOL, e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return fail(ExitCodes.USAGE, e.getMessage());
        } catch (java.io.IOException e) {
            return fail(ExitCodes.USAGE, FileErrors.describe(e));
        } catch (Exception e) {
            return fail(ExitCodes.INTERNAL, "internal error: " + e);
        } finally {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    private int fail(int code, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("pqrstuv " + spec.name() + ": " + (message == null ? "failed" : message.replaceAll("\\s+", " ")));
        err.flush();
        return code;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code human} unless --json, in which case prints {@code machine} as JSON. */
    void print(String human, Object machine) {
        if (json) {
            out().println(JsonOutput.of(machine));
        } else {
            out().println(human);
        }
        out().flush();
    }

    static Map<String, Object> map(Object... kv) {
        var m = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    Progress progress(String what, Duration expected) {
        return Progress.start(!noProgress && terminal.interactive(), what, expected, System.err);
    }

    /** Asks for the secret right before the sequence that needs it. */
    byte[] secret(SecretOption option) throws UserException {
        if (io.pqrstuv.cli.card.CardSecretInput.wanted(option.secretCard)) {
            return io.pqrstuv.cli.card.CardSecretInput.read(option.reader, option.cardPinFile, terminal, stdin);
        }
        return SecretInput.read(secretFile(option), terminal, stdin, "Device secret: ");
    }

    /** The --secret-file given after the command name, else before it; null: prompt. */
    String secretFile(SecretOption option) {
        return option.secretFile != null ? option.secretFile : secretFileBefore;
    }

    /** One authorized sequence's work, which may throw what the SDK throws. */
    @FunctionalInterface
    interface SequenceBody<T> {
        T run(io.pqrstuv.client.AuthorizedSequence seq) throws Exception;
    }

    /**
     * Reads the secret, runs {@code body} in one authorized sequence, and wipes the secret however
     * the sequence ends (spec "Authenticated sessions": held for one predefined sequence only).
     */
    <T> T authorized(io.pqrstuv.client.PqrstuvClient client, SecretOption option, SequenceBody<T> body) throws Exception {
        byte[] secret = secret(option);
        try (io.pqrstuv.client.AuthorizedSequence seq = client.authorize(secret)) {
            return body.run(seq);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** Destructive commands: an explicit yes, or --yes. */
    void confirm(boolean yes, String question) throws UserException {
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
