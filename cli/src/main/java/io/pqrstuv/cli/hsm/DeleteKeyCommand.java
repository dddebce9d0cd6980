package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "delete-key", mixinStandardHelpOptions = true,
        description = "Delete a key from the device (POST /key_delete).",
        footer = {"%nExamples:", "  pqrstuv delete-key AAECAwQFBgcICQoLDA0ODw", ExitCodes.HELP_FOOTER})
public final class DeleteKeyCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier (22 base64url characters).")
    KeyId id;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        authorized(client, secretOption, seq -> {
            seq.deleteKey(id);
            return null;
        });
        print("deleted " + id, map("deleted", id.base64Url()));
        return ExitCodes.OK;
    }
}
