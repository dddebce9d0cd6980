package io.pqrstuv.cli.emulate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pqrstuv emulate PRODUCT}: device emulators, one subcommand per product. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run a device emulator: a faithful stand-in for the hardware, for development and tests.",
        subcommands = {CryptnoxEmulateCommand.class})
public final class EmulateCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
