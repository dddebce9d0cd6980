package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.card.CardSecretRecord;
import io.pqrstuv.client.card.CardSecrets;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "device-secret", mixinStandardHelpOptions = true,
        description = "The PQRSTUV device secret kept on the card by 'pqrstuv set-secret --card'.",
        subcommands = {DeviceSecretCommand.Status.class, DeviceSecretCommand.PromotePending.class})
final class DeviceSecretCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class WithPin extends CardBase {
        @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (- = stdin).")
        String pinFile;

        CardSecretRecord read(CryptnoxCard card) throws Exception {
            char[] pin = code(pinFile, "Card PIN", false);
            try {
                card.verifyPin(pin);
            } finally {
                wipe(pin);
            }
            return CardSecrets.read(card);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether the card holds a current device secret, and what its second slot holds.",
            footer = CardBase.FOOTER)
    static final class Status extends WithPin {
        @Override
        int run() throws Exception {
            try (CryptnoxCard card = open()) {
                CardSecretRecord r = read(card);
                try {
                    print("current secret: " + (r.hasCurrent() ? "yes" : "none") + "; second slot: "
                            + r.otherSlot().name().toLowerCase(),
                            map("current", r.hasCurrent(), "second_slot", r.otherSlot().name().toLowerCase()));
                } finally {
                    r.wipe();
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "promote-pending", mixinStandardHelpOptions = true,
            description = {"Mark the pending secret current, without asking the device: for when 'set-secret --card' "
                    + "reported that the device took the new secret but the card could not record it."},
            footer = CardBase.FOOTER)
    static final class PromotePending extends WithPin {
        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        int run() throws Exception {
            try (CryptnoxCard card = open()) {
                CardSecretRecord r = read(card);
                CardSecretRecord promoted = null;
                try {
                    if (r.otherSlot() != CardSecretRecord.OtherSlot.PENDING) {
                        throw new UserException(ExitCodes.USAGE, "the card holds no pending secret");
                    }
                    confirm(yes, "The pending secret becomes current; the current one is kept as previous.");
                    promoted = r.confirmPending();
                    CardSecrets.write(card, promoted);
                    print("the pending secret is now current", map("promoted", true));
                } finally {
                    r.wipe();
                    if (promoted != null) {
                        promoted.wipe();
                    }
                }
            }
            return ExitCodes.OK;
        }
    }
}
