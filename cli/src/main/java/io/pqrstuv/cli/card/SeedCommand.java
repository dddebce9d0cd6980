package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.SecretInput;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CardPublicKey;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.DualSeed;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Create the card's seed: generated on the card, loaded from the host (recovery), loaded "
                + "wrapped for the card's RSA key (firmware 2.0), or generated together with a second card (dual: "
                + "each card is the other's backup)."},
        subcommands = {SeedCommand.Generate.class, SeedCommand.Load.class, SeedCommand.LoadWrapped.class,
            SeedCommand.Dual.class})
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

    /** The two ways to load a host-made seed: they differ only in what the card is asked to do with it. */
    abstract static class LoadBase extends CardBase {
        @Option(names = "--seed-file", paramLabel = "FILE", required = true,
                description = "The seed as hex digits (- = stdin). Never an argument.")
        String seedFile;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        /** Hands the seed to the card (PIN already verified) and prints the outcome. */
        abstract void load(CryptnoxCard card, byte[] seed, char[] pin) throws Exception;

        @Override
        final int run() throws Exception {
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
                load(card, seed, pin);
            } finally {
                Arrays.fill(seed, (byte) 0);
                wipe(pin);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load a BIP39 binary seed (16-64 bytes, as hex) into the card: the card then derives the "
                    + "same keys as the wallet the seed came from."},
            footer = CardBase.FOOTER)
    static final class Load extends LoadBase {
        @Override
        void load(CryptnoxCard card, byte[] seed, char[] pin) throws Exception {
            card.loadSeed(seed, pin);
            print("seed loaded (" + seed.length + " bytes)", map("seed", "loaded", "bytes", seed.length));
        }
    }

    @Command(name = "load-wrapped", mixinStandardHelpOptions = true,
            description = {"Load a BIP39 binary seed (16-64 bytes, as hex) wrapped for the card: the card makes an "
                    + "RSA-2048 key, the seed is encrypted for it here (RSA-OAEP) and only the card can unwrap it. "
                    + "Needs a card with firmware 2.0."},
            footer = CardBase.FOOTER)
    static final class LoadWrapped extends LoadBase {
        @Override
        void load(CryptnoxCard card, byte[] seed, char[] pin) throws Exception {
            card.loadSeedWrapped(seed, pin);
            print("seed loaded wrapped for the card's RSA key (" + seed.length + " bytes)",
                    map("seed", "loaded-wrapped", "bytes", seed.length));
        }
    }

    @Command(name = "dual", mixinStandardHelpOptions = true,
            description = {"Generate one seed on two cards at once (dual generation): the cards agree on it between "
                    + "themselves, so it never exists outside them and each card is the other's backup. Both cards "
                    + "must be initialised and without a seed, one in --reader/--remote, the other in --with-reader/"
                    + "--with-remote; the PIN of each is asked."},
            footer = CardBase.FOOTER)
    static final class Dual extends CardBase {
        @Option(names = "--with-reader", paramLabel = "N|NAME", description = "The second card's PC/SC reader.")
        String withReader;

        @Option(names = "--with-remote", paramLabel = "HOST:PORT", description = "The second card's card server.")
        String withRemote;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the first card's PIN from FILE (- = stdin).")
        String pinFile;

        @Option(names = "--with-pin-file", paramLabel = "FILE",
                description = "Read the second card's PIN from FILE (- = stdin).")
        String withPinFile;

        @Override
        int run() throws Exception {
            if ((withReader == null) == (withRemote == null)) {
                throw new UserException(ExitCodes.USAGE, "say where the second card is: --with-reader or --with-remote");
            }
            oneStdin(pinFile, withPinFile, pairingSecretFile);
            CardOptions other = new CardOptions();
            other.reader = withReader;
            other.remote = withRemote;
            other.timeoutSeconds = where.timeoutSeconds;
            char[] pinA = null;
            char[] pinB = null;
            try (CryptnoxCard a = open(); CryptnoxCard b = openOther(other)) {
                pinA = code(pinFile, "PIN of the first card (" + where.where() + ")", false);
                a.verifyPin(pinA);
                pinB = code(withPinFile, "PIN of the second card (" + other.where() + ")", false);
                b.verifyPin(pinB);
                CardPublicKey master = DualSeed.generate(a, pinA, b, pinB);
                print("one seed generated on both cards (serials " + a.serialNumber() + " and " + b.serialNumber()
                        + "); common secp256k1 master key " + hex(master.compressed()),
                        map("seed", "dual", "serial_numbers", java.util.List.of(a.serialNumber().toString(),
                                b.serialNumber().toString()), "master_public_key_k1", hex(master.compressed())));
            } finally {
                wipe(pinA, pinB);
            }
            return ExitCodes.OK;
        }

        private CryptnoxCard openOther(CardOptions other) throws Exception {
            io.pqrstuv.cryptnox.transport.CardConnection c = other.connect();
            byte[] pairing = pairingSecret();
            try {
                return io.pqrstuv.cryptnox.card.CardFactory.open(c, pairing, new java.security.SecureRandom());
            } catch (Exception e) {
                c.close();
                throw e;
            } finally {
                Arrays.fill(pairing, (byte) 0);
            }
        }
    }
}
