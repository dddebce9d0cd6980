package io.pqrstuv.cli.hsm;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The device commands' common options given before the command, as people write global options
 * ({@code git -C}, {@code kubectl --context}, {@code docker -H}):
 * {@code pqrstuv --url https://… --cacert cert.pem info}. A mixin of the root command; each means
 * exactly what it means after the command, may be given in one place only, and only before a
 * device command (issue 13).
 */
public final class GlobalOptions {
    /** The name of this mixin on the root command. */
    public static final String MIXIN = "globalOptions";
    /** The options that take a value: what the launcher skips, with their values, to find the command. */
    public static final Set<String> WITH_VALUE = Set.of("--url", "--cacert", "--pin", "--state-dir", "--timeout",
            "--secret-file");
    /** The one that takes none. */
    public static final String JSON = "--json";

    @Option(names = "--url", paramLabel = "URL",
            description = "Device address, for the device command that follows (default: $" + Defaults.URL_ENV + ", else "
                    + Defaults.URL + ").")
    String url;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust exactly the certificate(s) in this PEM/DER file.")
    Path cacert;

    @Option(names = "--pin", paramLabel = "SHA256",
            description = "Trust the certificate with this SHA-256 fingerprint (hex, colons allowed).")
    String pin;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The embedded device's state directory, whose certificate is trusted when neither --cacert nor "
                    + "--pin is given.")
    Path stateDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up on a call after this many seconds (default: 300).")
    Integer timeoutSeconds;

    @Option(names = JSON, description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the device secret from FILE (- = stdin), for the commands that need it.")
    String secretFile;

    /**
     * Where the command name is in {@code args}: after any of these options (and their values) at the
     * start; {@code args.length} when there is none.
     */
    public static int commandIndex(String[] args) {
        int i = 0;
        while (i < args.length) {
            String a = args[i];
            if (WITH_VALUE.contains(a)) {
                i += 2;
            } else if (a.equals(JSON) || (a.startsWith("--") && a.indexOf('=') > 0
                    && WITH_VALUE.contains(a.substring(0, a.indexOf('='))))) {
                i += 1;
            } else {
                return i;
            }
        }
        return args.length;
    }

    /**
     * Refuses what the parser alone accepts: these options before a command that is not a device
     * command (or before none), and one of them given both before and after the command.
     */
    public static void check(ParseResult root) {
        List<OptionSpec> before = root.matchedOptions().stream()
                .filter(o -> o.longestName().equals(JSON) || WITH_VALUE.contains(o.longestName())).toList();
        if (before.isEmpty()) {
            return;
        }
        String first = before.getFirst().longestName();
        ParseResult sub = root.subcommand();
        if (sub == null) {
            throw new CommandLine.ParameterException(root.commandSpec().commandLine(),
                    first + " must be followed by a device command, as in: pqrstuv " + first + " … info");
        }
        if (!(sub.commandSpec().userObject() instanceof ClientCommand)) {
            throw new CommandLine.ParameterException(root.commandSpec().commandLine(),
                    first + " applies to the commands that talk to a device, not to '" + sub.commandSpec().name() + "'");
        }
        for (OptionSpec o : before) {
            if (sub.hasMatchedOption(o.longestName())) {
                throw new CommandLine.ParameterException(sub.commandSpec().commandLine(),
                        o.longestName() + " is given both before and after '" + sub.commandSpec().name() + "': give it once");
            }
        }
    }

    /** The options given before {@code command}'s name, or null when it runs without the root command (tests). */
    static GlobalOptions of(CommandSpec command) {
        CommandSpec mixin = command.root().mixins().get(MIXIN);
        return mixin != null && mixin.userObject() instanceof GlobalOptions g ? g : null;
    }
}
