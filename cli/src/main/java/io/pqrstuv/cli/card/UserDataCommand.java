package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "user-data", mixinStandardHelpOptions = true,
        description = "Read or write the card's user data (up to 3,600 bytes; PIN needed for both).",
        subcommands = {UserDataCommand.Read.class, UserDataCommand.Write.class})
final class UserDataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "read", mixinStandardHelpOptions = true,
            description = "Print the user data of SLOT as hex, or write it raw to -o FILE (- = stdout).",
            footer = CardBase.FOOTER)
    static final class Read extends CardBase {
        @Parameters(index = "0", paramLabel = "SLOT", description = "0 on Basic cards; 0-3 on NFT cards.")
        int slot;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the raw bytes to FILE (- = stdout).")
        String output;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        @Override
        int run() throws Exception {
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                pin = code(pinFile, "Card PIN", false);
                card.verifyPin(pin);
                byte[] data = card.readUserData(slot);
                if ("-".equals(output)) {
                    binaryOut.write(data);
                    binaryOut.flush();
                    return ExitCodes.OK;
                }
                if (output != null) {
                    try {
                        Files.write(Path.of(output), data);
                    } catch (IOException e) {
                        throw new UserException(ExitCodes.USAGE, "cannot write " + output + ": " + e.getMessage());
                    }
                }
                print(output != null ? data.length + " bytes written to " + output : hex(data),
                        map("slot", slot, "bytes", data.length, "data", output == null ? hex(data) : null, "file", output));
            } finally {
                wipe(pin);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Replace the user data of SLOT with the bytes of FILE (- = stdin), 1 to 3,600 bytes.",
            footer = CardBase.FOOTER)
    static final class Write extends CardBase {
        @Parameters(index = "0", paramLabel = "SLOT", description = "0 on Basic cards; 0-3 on NFT cards.")
        int slot;

        @Parameters(index = "1", paramLabel = "FILE", description = "The data (- = stdin).")
        String file;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        @Override
        int run() throws Exception {
            oneStdin(file, pinFile, pairingSecretFile);
            byte[] data;
            try {
                data = file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
            } catch (IOException e) {
                throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
            }
            if (data.length == 0 || data.length > CryptnoxCard.USER_DATA_MAX) {
                throw new UserException(ExitCodes.USAGE, "user data has 1 to " + CryptnoxCard.USER_DATA_MAX
                        + " bytes, not " + data.length);
            }
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                pin = code(pinFile, "Card PIN", false);
                card.verifyPin(pin);
                card.writeUserData(slot, data);
                print(data.length + " bytes written to user data slot " + slot, map("slot", slot, "bytes", data.length));
            } finally {
                wipe(pin);
                Arrays.fill(data, (byte) 0);
            }
            return ExitCodes.OK;
        }
    }
}
