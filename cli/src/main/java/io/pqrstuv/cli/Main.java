package io.pqrstuv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./pqrstuv}: the device launchers and the client commands. */
@Command(name = "pqrstuv",
        mixinStandardHelpOptions = true,
        version = "pqrstuv 0.1.0",
        description = "PQRSTUV post-quantum HSM: run the device, or talk to one.",
        subcommands = {DeviceCommand.class, StorageModuleCommand.class, OperationModuleCommand.class,
            CommandLine.HelpCommand.class,
            io.pqrstuv.cli.client.InfoCommand.class,
            io.pqrstuv.cli.client.PingCommand.class,
            io.pqrstuv.cli.client.StatusCommand.class,
            io.pqrstuv.cli.client.SetSecretCommand.class,
            io.pqrstuv.cli.client.KeygenCommand.class,
            io.pqrstuv.cli.client.ListKeysCommand.class,
            io.pqrstuv.cli.client.PublicKeyCommand.class,
            io.pqrstuv.cli.client.DeleteKeyCommand.class,
            io.pqrstuv.cli.client.ImportCommand.class,
            io.pqrstuv.cli.client.SignCommand.class,
            io.pqrstuv.cli.client.VerifyCommand.class,
            io.pqrstuv.cli.client.EncapsulateCommand.class,
            io.pqrstuv.cli.client.DecapsulateCommand.class,
            io.pqrstuv.cli.client.CryptoResetCommand.class,
            io.pqrstuv.cli.client.DeviceResetCommand.class,
            io.pqrstuv.cli.client.RenewTlsCommand.class,
            io.pqrstuv.cli.client.SetSyslogCommand.class,
            picocli.AutoComplete.GenerateCompletion.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, as {@code main} runs it (tests use it too). */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setParameterExceptionHandler(new io.pqrstuv.cli.client.ShortErrors())
                .setExecutionExceptionHandler(Main::oneLine)
                // A key id may start with '-' (1 in 64): never split "-oAAAA…" into an option.
                .setPosixClusteredShortOptionsAllowed(false)
                .setUnmatchedOptionsArePositionalParams(true);
    }

    /** Last resort: an exception no command handled becomes one line on stderr, never a stack trace. */
    private static int oneLine(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println("pqrstuv " + cmd.getCommandName() + ": " + message);
        return 70;
    }
}
