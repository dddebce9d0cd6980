package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.console.ExitCodes;
import io.pqrstuv.cli.console.Progress;
import io.pqrstuv.cli.console.UserException;
import io.pqrstuv.client.AuthorizedSequence;
import io.pqrstuv.client.DeviceKey;
import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.WireTime;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.ecp.Base64Url;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a file with a device key (POST /sign) and write the signature.",
            "The device signs SHA3-256(file). The command first fetches the public key (to know the algorithm) "
                    + "and checks the signature locally before writing it."},
        footer = {"%nExamples:", "  pqrstuv sign AAECAwQFBgcICQoLDA0ODw contract.pdf          # writes contract.pdf.sig",
            "  pqrstuv sign AAECAwQFBgcICQoLDA0ODw contract.pdf -o sig.bin --secret-file s.txt",
            ExitCodes.HELP_FOOTER})
public final class SignCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID", converter = Converters.KeyIdConverter.class,
            parameterConsumer = Converters.KeyIdConsumer.class,
            description = "Key identifier (22 base64url characters).")
    KeyId id;

    @Parameters(index = "1", paramLabel = "FILE", description = "The document (- = stdin).")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "SIG", description = "Signature file (default: FILE.sig; - = stdout).")
    String output;

    @Mixin
    SecretOption secretOption;

    @Override
    int run() throws Exception {
        PqrstuvClient client = client();
        byte[] document = FileArguments.read(file);
        String out = output != null ? output : file.equals("-") ? "-" : file + ".sig";
        byte[] secret = secret(secretOption);
        DeviceKey key;
        byte[] signature;
        long t0 = System.nanoTime();
        try (AuthorizedSequence seq = client.authorize(secret)) {
            key = seq.describeKey(id);
            if (!key.algorithm().isSignature()) {
                throw new UserException(ExitCodes.USAGE, "key " + id + " is a " + key.algorithm().displayName()
                        + " key, not a signature key");
            }
            try (Progress p = progress("signing with " + key.algorithm().displayName(), WireTime.sign(key.algorithm()))) {
                signature = seq.sign(id, document);
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!DeviceSignatures.verifyDocument(key.algorithm(), key.publicKey(), document, signature)) {
            throw new UserException(ExitCodes.PROTOCOL, "the device returned a signature that does not verify");
        }
        if (json) {
            if (output != null) {
                FileArguments.write(out, signature);
            }
            print(null, map("identifier", id.base64Url(), "algorithm", key.algorithm().displayName(),
                    "signature", Base64Url.encode(signature), "bytes", signature.length, "millis", ms,
                    "file", output != null ? out : null));
        } else {
            FileArguments.write(out, signature);
            if (!out.equals("-")) {
                print("signed with " + key.algorithm().displayName() + ": " + signature.length + " bytes written to "
                        + out + " (" + ms + " ms)", null);
            }
        }
        return ExitCodes.OK;
    }
}
