package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.Ecies;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypt a message made by 'card encrypt' (or any sender of the same ECIES) with the card's "
                + "DECRYPT key: the card computes the key and decrypts (PIN needed); the key never leaves it."},
        footer = {"%nExamples:", "  pqrstuv card decrypt notes.enc -o notes.txt", "  pqrstuv card decrypt notes.enc -o -",
            CardBase.FOOTER})
final class DecryptCommand extends CardBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The message (- = stdin).")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the plaintext (- = stdout).")
    String output;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
    String pinFile;

    @Override
    int run() throws Exception {
        oneStdin(file, pinFile, pairingSecretFile);
        byte[] raw = EncryptCommand.readInput(file);
        Ecies.Message message;
        try {
            message = Ecies.Message.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, file + ": " + e.getMessage());
        }
        char[] pin = null;
        byte[] plain = null;
        try (CryptnoxCard card = open()) {
            pin = code(pinFile, "Card PIN", false);
            card.verifyPin(pin);
            plain = card.decrypt(message, pin);
            EncryptCommand.writeOutput(output, plain);
            print("-".equals(output) ? null : plain.length + " bytes decrypted to " + output,
                    map("file", output, "bytes", plain.length));
        } finally {
            wipe(pin);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return ExitCodes.OK;
    }
}
