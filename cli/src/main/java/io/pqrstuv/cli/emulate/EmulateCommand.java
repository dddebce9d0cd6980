package io.pqrstuv.cli.emulate;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pqrstuv emulate PRODUCT …}: software stand-ins for the hardware around the device, one
 * subcommand per product, each a long-running server that stops on Ctrl-C or SIGTERM.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run an emulator of a hardware product (for development and tests without the hardware).",
        subcommands = {QcicadaEmulateCommand.class, CryptnoxEmulateCommand.class})
public final class EmulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        err.println("pqrstuv emulate: name a product: " + String.join(", ", spec.subcommands().keySet())
                + " (see 'pqrstuv emulate --help')");
        err.flush();
        return 2;
    }
}
