package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.Ecies;
import io.pqrstuv.cryptnox.derivation.KeyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt FILE for a card's DECRYPT key (P-256 ECIES: ephemeral key, SHA-256 of the ECDH "
                + "secret = IV and AES-128 key, AES-CBC with PKCS#7 padding). Output: the 65-byte ephemeral key, then "
                + "the ciphertext. Only that card can decrypt it ('card decrypt').",
            "With --key no card is needed; without it the key is read from the card (PIN needed) and printed on stderr, "
                + "so it can be handed to senders."},
        footer = {"%nExamples:", "  pqrstuv card encrypt notes.txt -o notes.enc",
            "  pqrstuv card encrypt --key 02ab…(33 or 65 bytes hex) notes.txt -o notes.enc", CardBase.FOOTER})
final class EncryptCommand extends CardBase {
    @Parameters(index = "0", paramLabel = "FILE", description = "The plaintext (- = stdin).")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the message (- = stdout).")
    String output;

    @Option(names = "--key", paramLabel = "HEX", description = "The card's DECRYPT public key (compressed or uncompressed "
            + "P-256 point, hex), as 'card encrypt' or 'card public-key \"m/17'/910196630'/2006168372'/332516148'/"
            + "580566270'\" --curve r1' print it.")
    String key;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
    String pinFile;

    @Override
    int run() throws Exception {
        oneStdin(file, pinFile, pairingSecretFile);
        byte[] plain = readInput(file);
        CardPublicKey recipient;
        if (key != null) {
            try {
                recipient = new CardPublicKey(KeyType.R1, KeyType.R1.curve().getCurve()
                        .decodePoint(hexBytes(key.getBytes(StandardCharsets.US_ASCII), "key")).getEncoded(false));
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, "--key is not a P-256 public key");
            }
        } else {
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                pin = code(pinFile, "Card PIN", false);
                card.verifyPin(pin);
                recipient = card.decryptionPublicKey();
            } finally {
                wipe(pin);
            }
            spec.commandLine().getErr().println("the card's DECRYPT key: " + hex(recipient.compressed()));
            spec.commandLine().getErr().flush();
        }
        byte[] message = Ecies.encrypt(recipient, plain, new SecureRandom()).encode();
        java.util.Arrays.fill(plain, (byte) 0);
        writeOutput(output, message);
        print("-".equals(output) ? null : message.length + " bytes written to " + output,
                map("file", output, "bytes", message.length, "key", hex(recipient.compressed())));
        return ExitCodes.OK;
    }

    static byte[] readInput(String file) throws UserException {
        try {
            return "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static void writeOutput(String output, byte[] data) throws UserException {
        try {
            if ("-".equals(output)) {
                binaryOut.write(data);
                binaryOut.flush();
            } else {
                Files.write(Path.of(output), data);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot write " + output + ": " + e.getMessage());
        }
    }
}
