package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Create the card's seed: generated on the card, or loaded from the host (recovery).",
        subcommands = {SeedCommand.Generate.class, SeedCommand.Load.class})
final class SeedCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Make a new seed with the card's random generator; it never leaves the card.",
            footer = CardBase.FOOTER)
    static final class Generate extends CardBase {
        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        @Override
        int run() throws Exception {
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                pin = code(pinFile, "Card PIN", false);
                card.verifyPin(pin);
                card.generateSeed(pin);
                print("seed generated on the card", map("seed", "generated"));
            } finally {
                wipe(pin);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load a BIP39 binary seed (16-64 bytes, as hex) into the card: the card then derives the "
                    + "same keys as the wallet the seed came from."},
            footer = CardBase.FOOTER)
    static final class Load extends CardBase {
        @Option(names = "--seed-file", paramLabel = "FILE", required = true,
                description = "The seed as hex digits (- = stdin). Never an argument.")
        String seedFile;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        @Override
        int run() throws Exception {
            oneStdin(seedFile, pinFile, pairingSecretFile);
            byte[] raw = SecretInput.fromFile(seedFile, stdin);
            byte[] seed;
            try {
                seed = hexBytes(raw, "seed");
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                if (seed.length < 16 || seed.length > 64) {
                    throw new UserException(ExitCodes.USAGE, "a seed has 16 to 64 bytes, not " + seed.length);
                }
                pin = code(pinFile, "Card PIN", false);
                card.verifyPin(pin);
                card.loadSeed(seed, pin);
                print("seed loaded (" + seed.length + " bytes)", map("seed", "loaded", "bytes", seed.length));
            } finally {
                Arrays.fill(seed, (byte) 0);
                wipe(pin);
            }
            return ExitCodes.OK;
        }
    }
}
