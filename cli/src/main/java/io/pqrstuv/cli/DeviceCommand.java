package io.pqrstuv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pqrstuv device}: a whole device (storage module + operation module) in one process. */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "Start a whole PQRSTUV device on its embedded default.")
public final class DeviceCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("pqrstuv device: not yet available (the storage and operation modules land with their issues)");
        return 3;
    }
}
