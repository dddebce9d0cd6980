package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.KeyList;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "list-keys", mixinStandardHelpOptions = true,
        description = "List key identifiers (POST /list_keys) for one algorithm, or for every algorithm the device offers.",
        footer = {"%nWithout ALG this makes one authenticated call per offered algorithm.",
            "%nExamples:", "  pqrstuv list-keys", "  pqrstuv list-keys ML-DSA-65 --json", ExitCodes.HELP_FOOTER})
public final class ListKeysCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "Algorithm name or COSE id (default: all).")
    Algorithm algorithm;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        List<Algorithm> algs = algorithm != null ? List.of(algorithm) : client.info().algorithms();
        List<KeyList> lists = authorized(client, secretOption, seq -> {
            List<KeyList> found = new ArrayList<>();
            for (Algorithm a : algs) {
                found.add(seq.listKeys(a));
            }
            return found;
        });
        StringBuilder human = new StringBuilder();
        List<Map<String, Object>> machine = new ArrayList<>();
        for (KeyList l : lists) {
            for (KeyId id : l.identifiers()) {
                human.append(id.base64Url()).append("  ").append(l.algorithm().displayName()).append('\n');
                machine.add(map("identifier", id.base64Url(), "algorithm", l.algorithm().displayName(),
                        "cose_id", l.algorithm().coseId()));
            }
        }
        int total = machine.size();
        print(human + "(" + total + (total == 1 ? " key)" : " keys)"), machine);
        return ExitCodes.OK;
    }
}
