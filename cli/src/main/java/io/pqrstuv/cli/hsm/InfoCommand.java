package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.JsonOutput;
import io.pqrstuv.client.DeviceInfo;
import io.pqrstuv.client.PqrstuvClient;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the device information (GET /info): name, serial number, algorithms.",
        footer = {"%nExamples:", "  pqrstuv info", "  pqrstuv info --json --url https://10.0.0.5:8443 --pin 3A:7F:…",
            ExitCodes.HELP_FOOTER})
public final class InfoCommand extends ClientCommand {
    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        DeviceInfo i = client.info();
        String algs = i.algorithms().stream().map(a -> "  " + a.displayName() + " (" + a.coseId() + ", "
                + a.kind().name().toLowerCase(java.util.Locale.ROOT) + ")").collect(Collectors.joining("\n"));
        String human = "Name:          " + i.name().orElse("-") + "\n"
                + "Serial number: " + i.serialNumber().orElse("-") + "\n"
                + "Manufacturer:  " + i.manufacturer().orElse("-") + "\n"
                + "Documentation: " + i.documentation().orElse("-") + "\n"
                + "Token hash:    " + (i.tokenHashAlgorithm() == -16 ? "SHA-256 (-16)" : String.valueOf(i.tokenHashAlgorithm())) + "\n"
                + "Algorithms:\n" + algs
                + (i.unknownAlgorithmIds().isEmpty() ? "" : "\n  (unknown ids: " + i.unknownAlgorithmIds() + ")");
        if (json) {
            out().println(JsonOutput.reformat(i.json())); // the device's object as it sent it
            out().flush();
        } else {
            print(human, null);
        }
        return ExitCodes.OK;
    }
}
