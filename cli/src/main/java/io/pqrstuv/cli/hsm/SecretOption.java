package io.pqrstuv.cli.hsm;

import picocli.CommandLine.Option;

/** The secret of authenticated commands: a no-echo prompt by default, or a file. Never an argument. */
final class SecretOption {
    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Read the device secret from FILE (- = stdin; one trailing newline is ignored) "
                    + "instead of prompting. The secret is never accepted as an argument.")
    String secretFile;

    @Option(names = "--secret-card",
            description = "Read the device secret from the Cryptnox card (asks its PIN; also $PQRSTUV_SECRET_SOURCE=card).")
    boolean secretCard;

    @Option(names = "--reader", paramLabel = "N|NAME",
            description = "With --secret-card: the card's PC/SC reader (default: $PQRSTUV_CARD_READER, else 0).")
    String reader;

    @Option(names = "--card-pin-file", paramLabel = "FILE",
            description = "With --secret-card: read the card PIN from FILE (- = stdin) instead of prompting.")
    String cardPinFile;
}
