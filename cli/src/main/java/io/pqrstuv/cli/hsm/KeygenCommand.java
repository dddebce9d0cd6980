package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.Progress;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.icp.alg.Algorithm;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate a key pair on the device (POST /keygen) and print its identifier.",
        footer = {"%nALG is a name or COSE id: ML-DSA-65, -49, ES256, ML-KEM-768, SLH-DSA-SHA2-128s, …",
            "%nExamples:", "  pqrstuv keygen ML-DSA-65", "  pqrstuv keygen -7 --secret-file secret.txt --json",
            ExitCodes.HELP_FOOTER})
public final class KeygenCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ALG", converter = Converters.AlgorithmConverter.class,
            description = "Algorithm name or COSE id.")
    Algorithm algorithm;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        byte[] secret = secret(secretOption);
        KeyId id;
        try (AuthorizedSequence seq = client.authorize(secret);
                Progress p = progress("generating " + algorithm.displayName(), Duration.ofSeconds(
                        algorithm.family() == Algorithm.Family.RSA_PKCS1 || algorithm.family() == Algorithm.Family.RSA_PSS
                                || algorithm.family() == Algorithm.Family.RSA_OAEP ? 5 : 1))) {
            id = seq.keygen(algorithm);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        print(id.base64Url(), map("identifier", id.base64Url(), "algorithm", algorithm.displayName(),
                "cose_id", algorithm.coseId()));
        return ExitCodes.OK;
    }
}
