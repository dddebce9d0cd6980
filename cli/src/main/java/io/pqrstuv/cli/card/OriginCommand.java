package io.pqrstuv.cli.card;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.card.GenuinenessCheck;
import io.pqrstuv.cryptnox.card.Origin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "origin", mixinStandardHelpOptions = true,
        description = {"Genuineness check: is the card's manufacturer certificate signed by Cryptnox? ORIGINAL, FAKE, "
                + "or UNKNOWN when Cryptnox's certificate directory cannot be reached (offline: within --deadline)."},
        footer = CardBase.FOOTER)
final class OriginCommand extends CardBase {
    @Option(names = "--offline", description = "Only the Cryptnox CA key built in; no network.")
    boolean offline;

    @Option(names = "--directory", paramLabel = "URL", hidden = true,
            description = "Certificate directory (default: Cryptnox's).")
    URI directory;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give up on the directory after this many seconds (default: ${DEFAULT-VALUE}).")
    int deadline;

    @Override
    int run() throws Exception {
        if (deadline < 1) {
            throw new IllegalArgumentException("--deadline is at least 1 second");
        }
        GenuinenessCheck check = offline ? GenuinenessCheck.offline()
                : GenuinenessCheck.using(directory == null ? GenuinenessCheck.DEFAULT_DIRECTORY : directory,
                        Duration.ofSeconds(deadline), List.of(GenuinenessCheck.cryptnoxCaKey()));
        try (CryptnoxCard card = open()) {
            Origin o = card.origin(check);
            String why = switch (o) {
                case ORIGINAL -> "signed by Cryptnox";
                case FAKE -> "not signed by any Cryptnox key: not a genuine Cryptnox card";
                case UNKNOWN -> "no verdict: Cryptnox's certificates could not be fetched (offline?)";
            };
            print(o + " (" + why + ")", map("origin", o.name(), "serial_number", card.serialNumber().toString()));
        }
        return ExitCodes.OK;
    }
}
