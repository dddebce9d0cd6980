package io.pqrstuv.qrng.qcicada;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An OEM CA made exactly as the pyqcicada docs say, with the openssl command line. */
final class OpensslCa {
    private OpensslCa() {
    }

    static void create(Path dir, Path caPriv, Path caPub, String passphrase) throws IOException, InterruptedException {
        Path unencrypted = dir.resolve("key_unencrypted.pem");
        run(List.of("openssl", "ecparam", "-genkey", "-param_enc", "named_curve", "-name", "prime256v1", "-noout",
                "-out", unencrypted.toString()));
        run(List.of("openssl", "ec", "-aes-256-cbc", "-in", unencrypted.toString(), "-out", caPriv.toString(),
                "-passout", "pass:" + passphrase));
        java.nio.file.Files.delete(unencrypted);
        run(List.of("openssl", "ec", "-in", caPriv.toString(), "-passin", "pass:" + passphrase, "-pubout",
                "-out", caPub.toString()));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
