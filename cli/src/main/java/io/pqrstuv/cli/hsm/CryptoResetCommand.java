package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.PqrstuvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "crypto-reset", mixinStandardHelpOptions = true,
        description = "Erase every key on the device (POST /crypto_reset). Asks for confirmation.",
        footer = {"%nExamples:", "  pqrstuv crypto-reset", "  pqrstuv crypto-reset --yes --secret-file s.txt",
            ExitCodes.HELP_FOOTER})
public final class CryptoResetCommand extends ClientCommand {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        confirm(yes, "This erases EVERY key on " + client.url() + ".");
        authorized(client, secretOption, seq -> {
            seq.cryptoReset();
            return null;
        });
        print("all keys erased", map("crypto_reset", true));
        return ExitCodes.OK;
    }
}
