package io.pqrstuv.cli;

import io.pqrstuv.cli.hsm.CryptoResetCommand;
import io.pqrstuv.cli.hsm.DecapsulateCommand;
import io.pqrstuv.cli.hsm.DeleteKeyCommand;
import io.pqrstuv.cli.hsm.DeviceResetCommand;
import io.pqrstuv.cli.hsm.EncapsulateCommand;
import io.pqrstuv.cli.hsm.GlobalOptions;
import io.pqrstuv.cli.hsm.ImportCommand;
import io.pqrstuv.cli.hsm.InfoCommand;
import io.pqrstuv.cli.hsm.KeygenCommand;
import io.pqrstuv.cli.hsm.ListKeysCommand;
import io.pqrstuv.cli.hsm.PingCommand;
import io.pqrstuv.cli.hsm.PublicKeyCommand;
import io.pqrstuv.cli.hsm.RenewTlsCommand;
import io.pqrstuv.cli.hsm.SetSecretCommand;
import io.pqrstuv.cli.hsm.SetSyslogCommand;
import io.pqrstuv.cli.hsm.SignCommand;
import io.pqrstuv.cli.hsm.StatusCommand;
import io.pqrstuv.cli.hsm.VerifyCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./pqrstuv}: the device launchers and the client commands. */
@Command(name = "pqrstuv",
        mixinStandardHelpOptions = true,
        version = "pqrstuv 0.1.0",
        description = {"PQRSTUV post-quantum HSM: run the device, or talk to one.",
            "The options below (but -h and -V) are the device commands' own, given before the command name"
                    + " instead of after it: pqrstuv --url URL --cacert FILE info."})
public final class Main implements Runnable {
    /**
     * Every subcommand, in the order {@code --help} lists them. Built on demand: picocli models a
     * command by reflection over its annotations, and modelling all of them cost about 0.25 s of
     * every start, while a script's {@code pqrstuv info} needs only one (docs/benchmarks.md).
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    /** These need the whole tree: help lists and resolves names, completion covers every command. */
    private static final java.util.Set<String> NEED_ALL = java.util.Set.of("help", "generate-completion");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The device commands' connection, output and secret options, also accepted before the command name. */
    @CommandLine.Mixin(name = GlobalOptions.MIXIN)
    GlobalOptions globalOptions;

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("device", DeviceCommand::new);
        m.put("storage-module", StorageModuleCommand::new);
        m.put("operation-module", OperationModuleCommand::new);
        m.put("emulate", io.pqrstuv.cli.emulate.EmulateCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        m.put("info", InfoCommand::new);
        m.put("ping", PingCommand::new);
        m.put("status", StatusCommand::new);
        m.put("set-secret", SetSecretCommand::new);
        m.put("keygen", KeygenCommand::new);
        m.put("list-keys", ListKeysCommand::new);
        m.put("public-key", PublicKeyCommand::new);
        m.put("delete-key", DeleteKeyCommand::new);
        m.put("import", ImportCommand::new);
        m.put("sign", SignCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("encapsulate", EncapsulateCommand::new);
        m.put("decapsulate", DecapsulateCommand::new);
        m.put("crypto-reset", CryptoResetCommand::new);
        m.put("device-reset", DeviceResetCommand::new);
        m.put("renew-tls", RenewTlsCommand::new);
        m.put("set-syslog", SetSyslogCommand::new);
        m.put("qcc", io.pqrstuv.cli.qrng.QccCommand::new);
        m.put("qcicada", io.pqrstuv.cli.qrng.QcicadaCommand::new);
        m.put("card", io.pqrstuv.cli.card.CardCommand::new);
        m.put("generate-completion", AutoComplete.GenerateCompletion::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // picocli's documented switches for work this CLI never needs, ~40 ms of every start: the
        // Groovy-closure probe (a failing class lookup) and the reflective java.sql/java.time
        // converters (no option has such a type).
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
        io.pqrstuv.cli.hsm.NoDefaultTls.install();
        io.pqrstuv.cli.hsm.WarmUp.startFor(args);
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with every subcommand (help output, completion, tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line {@code main} runs for {@code args}: when the first argument after the global
     * options names a subcommand, only that one is modelled; {@code --version} alone needs none;
     * anything else (no argument, {@code --help}, a typo that deserves a suggestion) gets the whole tree.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine root = new CommandLine(new Main());
        int command = GlobalOptions.commandIndex(args);
        String first = command < args.length ? args[command] : null;
        if (first != null && SUBCOMMANDS.containsKey(first) && !NEED_ALL.contains(first)) {
            root.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
            // nothing to model: the version is the root's
        } else {
            SUBCOMMANDS.forEach((name, make) -> root.addSubcommand(name, make.get()));
        }
        return root
                .setParameterExceptionHandler(new io.pqrstuv.cli.console.ShortErrors())
                .setExecutionExceptionHandler(Main::oneLine)
                .setExecutionStrategy(Main::execute)
                // A key id may start with '-' (1 in 64): never split "-oAAAA…" into an option.
                .setPosixClusteredShortOptionsAllowed(false)
                .setUnmatchedOptionsArePositionalParams(true);
    }

    /** Help first (it needs no valid options), then the rules the parser cannot express, then the command. */
    private static int execute(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        GlobalOptions.check(parsed);
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Last resort: an exception no command handled becomes one line on stderr, never a stack trace. */
    private static int oneLine(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("pqrstuv " + cmd.getCommandName() + ": " + message);
        return 70;
    }
}
