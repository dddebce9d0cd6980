package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.PqrstuvClient;
import java.security.SecureRandom;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Check the path to the storage module (POST /ping): random bytes must come back unchanged.",
        footer = {"%nExamples:", "  pqrstuv ping", "  pqrstuv ping --size 1024 --json", ExitCodes.HELP_FOOTER})
public final class PingCommand extends ClientCommand {
    @Option(names = "--size", defaultValue = "16", paramLabel = "BYTES",
            description = "How many random bytes to send (0..49939; default ${DEFAULT-VALUE}).")
    int size;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        if (size < 0 || size > 49_939) {
            throw new UserException(ExitCodes.USAGE, "--size must be 0..49939");
        }
        byte[] data = new byte[size];
        new SecureRandom().nextBytes(data);
        long t0 = System.nanoTime();
        byte[] echo = client.ping(data);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!Arrays.equals(data, echo)) {
            throw new UserException(ExitCodes.PROTOCOL, "the device echoed different bytes");
        }
        print("pong: " + size + " bytes in " + ms + " ms", map("ok", true, "bytes", size, "millis", ms));
        return ExitCodes.OK;
    }
}
