package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.PqrstuvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "device-reset", mixinStandardHelpOptions = true,
        description = {"Reset the device to factory state (POST /device_reset): erases every key, the secret "
                + "(back to empty) and the syslog setting. Asks for confirmation."},
        footer = {"%nExamples:", "  pqrstuv device-reset", "  pqrstuv device-reset --yes --secret-file s.txt",
            ExitCodes.HELP_FOOTER})
public final class DeviceResetCommand extends ClientCommand {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        confirm(yes, "This erases EVERY key, the secret and the configuration of " + client.url() + ".");
        authorized(client, secretOption, seq -> {
            seq.deviceReset();
            return null;
        });
        print("device reset; the secret is now empty: set one with 'pqrstuv set-secret'", map("device_reset", true));
        return ExitCodes.OK;
    }
}
