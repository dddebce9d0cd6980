package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.CardSignatures;
import io.pqrstuv.cryptnox.derivation.DerivationPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a 32-byte hash with the card (ECDSA, low S, DER), or the SHA-256 of a file.",
            "The signature is checked against the card's public key before it is printed (hex) or written (-o, DER)."},
        footer = CardBase.FOOTER)
final class CardSignCommand extends CardBase {
    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "HASH_HEX", description = "The 32-byte hash, in hex.")
        String hashHex;

        @Option(names = "--file", paramLabel = "FILE", description = "Sign SHA-256 of FILE (- = stdin).")
        String file;
    }

    @Option(names = "--path", paramLabel = "PATH", description = "Sign with the key at PATH instead of the current key.")
    String path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also write the DER signature to FILE.")
    Path output;

    @Mixin
    KeyOptions key;

    @Override
    int run() throws Exception {
        byte[] hash = hash();
        DerivationPath p = path == null ? null : DerivationPath.parse(path);
        if ("-".equals(what.file)) {
            oneStdin(what.file, key.pinFile);
        }
        char[] pin = null;
        try (CryptnoxCard card = open()) {
            pin = code(key.pinFile, "Card PIN", false);
            card.verifyPin(pin);
            byte[] sig = card.sign(hash, key.curve, p, pin);
            if (output != null) {
                try {
                    Files.write(output, sig);
                } catch (IOException e) {
                    throw new UserException(ExitCodes.USAGE, "cannot write " + output + ": " + e.getMessage());
                }
            }
            print(hex(sig), map("curve", key.curve.name().toLowerCase(), "hash", hex(hash), "signature", hex(sig),
                    "low_s", CardSignatures.isLowS(key.curve, sig), "file", output == null ? null : output.toString()));
        } finally {
            wipe(pin);
        }
        return ExitCodes.OK;
    }

    private byte[] hash() throws Exception {
        if (what.hashHex != null) {
            byte[] h;
            try {
                h = HexFormat.of().parseHex(what.hashHex.strip());
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, "HASH_HEX is not hexadecimal");
            }
            if (h.length != 32) {
                throw new UserException(ExitCodes.USAGE, "the card signs a 32-byte hash (64 hex digits), not " + h.length
                        + " bytes; use --file to sign a file's SHA-256");
            }
            return h;
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = what.file.equals("-") ? stdin : Files.newInputStream(Path.of(what.file))) {
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + what.file + ": " + e.getMessage());
        }
        return sha.digest();
    }
}
