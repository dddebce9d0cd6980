package io.pqrstuv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./pqrstuv}: the device launchers and the client commands. */
@Command(name = "pqrstuv",
        mixinStandardHelpOptions = true,
        version = "pqrstuv 0.1.0",
        description = "PQRSTUV post-quantum HSM: run the device, or talk to one.",
        subcommands = {DeviceCommand.class, StorageModuleCommand.class, OperationModuleCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
