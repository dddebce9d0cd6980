package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.UserKeyInfo;
import io.pqrstuv.cryptnox.card.UserKeySlot;
import io.pqrstuv.cryptnox.card.UserKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user-key", mixinStandardHelpOptions = true,
        description = {"Register, show or remove the card's user keys: public keys whose private halves (a TPM, a "
                + "laptop key, a FIDO authenticator) can stand in for the PIN by signing the card's challenge. "
                + "Slots: ec (P-256), rsa (RSA-2048, e = 65537), fido (a WebAuthn credential for cryptnox.ch)."},
        subcommands = {UserKeyCommand.Add.class, UserKeyCommand.Delete.class, UserKeyCommand.Info.class})
final class UserKeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class SlotConverter implements CommandLine.ITypeConverter<UserKeySlot> {
        @Override
        public UserKeySlot convert(String value) {
            return UserKeySlot.parse(value);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a public key (PEM or DER SubjectPublicKeyInfo) in SLOT, with the PUK.",
            footer = {"%nExamples:", "  pqrstuv card user-key add ec --key-file laptop.pub.pem --description \"laptop TPM\"",
                "  pqrstuv card user-key add fido --key-file authenticator.pem --credential-id 0a1b2c…",
                CardBase.FOOTER})
    static final class Add extends CardBase {
        @Parameters(index = "0", paramLabel = "SLOT", converter = SlotConverter.class, description = "ec, rsa or fido.")
        UserKeySlot slot;

        @Option(names = "--key-file", paramLabel = "FILE", required = true,
                description = "The public key: PEM (-----BEGIN PUBLIC KEY-----) or DER.")
        Path keyFile;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
                description = "Up to 64 printable ASCII characters, shown by 'user-key info'.")
        String description;

        @Option(names = "--credential-id", paramLabel = "HEX", description = "The FIDO credential id (fido slot only).")
        String credentialId;

        @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the PUK from FILE (- = stdin).")
        String pukFile;

        @Override
        int run() throws Exception {
            oneStdin(pukFile, pairingSecretFile);
            PublicKey key = readPublicKey(keyFile);
            byte[] cred = credentialId == null ? null
                    : hexBytes(credentialId.getBytes(StandardCharsets.US_ASCII), "credential id");
            char[] puk = null;
            try (CryptnoxCard card = open()) {
                UserKeys keys = card.userKeys();
                if (keys.registered(slot)) {
                    throw new UserException(ExitCodes.DEVICE_REFUSED, "the " + slot.displayName()
                            + " slot already holds a key: delete it first");
                }
                puk = code(pukFile, "PUK", false);
                keys.add(slot, description, key, cred, puk);
                print(slot.displayName() + " user key registered", map("slot", slotName(slot), "registered", true));
            } finally {
                wipe(puk);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove the key of SLOT, with the PUK.",
            footer = CardBase.FOOTER)
    static final class Delete extends CardBase {
        @Parameters(index = "0", paramLabel = "SLOT", converter = SlotConverter.class, description = "ec, rsa or fido.")
        UserKeySlot slot;

        @Option(names = "--puk-file", paramLabel = "FILE", description = "Read the PUK from FILE (- = stdin).")
        String pukFile;

        @Override
        int run() throws Exception {
            char[] puk = null;
            try (CryptnoxCard card = open()) {
                UserKeys keys = card.userKeys();
                if (!keys.registered(slot)) {
                    print("the " + slot.displayName() + " slot is empty already", map("slot", slotName(slot),
                            "deleted", false));
                    return ExitCodes.OK;
                }
                puk = code(pukFile, "PUK", false);
                keys.delete(slot, puk);
                print(slot.displayName() + " user key deleted", map("slot", slotName(slot), "deleted", true));
            } finally {
                wipe(puk);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show the registered user keys (all slots, or SLOT): description and public key. PIN needed.",
            footer = CardBase.FOOTER)
    static final class Info extends CardBase {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SLOT", converter = SlotConverter.class,
                description = "ec, rsa or fido (default: all).")
        UserKeySlot slot;

        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        @Override
        int run() throws Exception {
            char[] pin = null;
            try (CryptnoxCard card = open()) {
                UserKeys keys = card.userKeys();
                List<UserKeySlot> slots = slot != null ? List.of(slot) : List.of(UserKeySlot.values());
                StringBuilder human = new StringBuilder();
                List<Map<String, Object>> machine = new ArrayList<>();
                boolean anyRegistered = slots.stream().anyMatch(keys::registered);
                if (anyRegistered) {
                    pin = code(pinFile, "Card PIN", false);
                    card.verifyPin(pin);
                }
                for (UserKeySlot s : slots) {
                    Optional<UserKeyInfo> info = keys.registered(s) ? keys.info(s) : Optional.empty();
                    if (info.isEmpty()) {
                        human.append(String.format("%-8s (empty)%n", slotName(s)));
                        machine.add(map("slot", slotName(s), "registered", false));
                        continue;
                    }
                    String spki = Base64.getEncoder().encodeToString(info.get().publicKey().getEncoded());
                    human.append(String.format("%-8s %s  \"%s\"  %s%n", slotName(s), s.displayName(),
                            info.get().description(), spki));
                    machine.add(map("slot", slotName(s), "registered", true, "description", info.get().description(),
                            "public_key_spki_base64", spki));
                }
                print(human.toString().stripTrailing(), map("user_keys", machine));
            } finally {
                wipe(pin);
            }
            return ExitCodes.OK;
        }
    }

    static String slotName(UserKeySlot s) {
        return switch (s) {
            case EC_P256 -> "ec";
            case RSA_2048 -> "rsa";
            case FIDO -> "fido";
        };
    }

    /** A SubjectPublicKeyInfo in PEM or DER, EC or RSA. */
    static PublicKey readPublicKey(Path file) throws UserException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
            String b64 = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26);
            int end = b64.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new UserException(ExitCodes.USAGE, file + ": no END PUBLIC KEY line");
            }
            try {
                bytes = Base64.getMimeDecoder().decode(b64.substring(0, end));
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, file + ": bad base64 in the PEM");
            }
        }
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(bytes));
            } catch (GeneralSecurityException e) {
                // try the next
            }
        }
        throw new UserException(ExitCodes.USAGE, file + " is not an EC or RSA public key (PEM or DER SubjectPublicKeyInfo)");
    }
}
