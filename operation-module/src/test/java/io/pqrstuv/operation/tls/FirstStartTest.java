package io.pqrstuv.operation.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.ScriptedStorage;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** D-31 last paragraph: the first certificate, its fingerprint, and that it survives a restart. */
class FirstStartTest {
    private static OperationModule start(Path state, ScriptedStorage[] storage) throws Exception {
        PipeLink.Pair pair = PipeLink.pair();
        storage[0] = new ScriptedStorage(pair.b());
        return OperationModule.start(new OperationModule.Settings(new InetSocketAddress("127.0.0.1", 0), state,
                Optional.empty(), new ReplyTimeouts(0), "logger"), pair.a());
    }

    @Test
    void firstCertificateNamesTheDeviceAndPersists() throws Exception {
        Path state = Files.createTempDirectory("first-start");
        ScriptedStorage[] storage = new ScriptedStorage[1];
        X509Certificate first;
        try (OperationModule m = start(state, storage)) {
            first = m.certificate();
            assertThat(first.getSubjectX500Principal().getName())
                    .isEqualTo("OU=" + ScriptedStorage.SERIAL + ",CN=PQRSTUV");
            first.verify(first.getPublicKey());
            assertThat(first.getSubjectAlternativeNames()).isNotNull();
            String fp = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(first.getEncoded()));
            assertThat(m.certificateFingerprint()).isEqualTo(fp);
            assertThat(m.certificatePath()).isEqualTo(state.resolve("tls/cert.pem"));
            assertThat(Files.getPosixFilePermissions(state).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE, OWNER_EXECUTE]");

            EcpTestClient client = new EcpTestClient(m.url(), new PinnedTrust(List.of(first)));
            assertThat(client.info().code()).isZero();
            // renew_tls with export requested but no export medium: 500 before any ICP command.
            int before = storage[0].requestFrames();
            var req = EcpTestClient.JSON.createObjectNode().put("export", true).put("country_name", "")
                    .put("state", "").put("province", "").put("organization_name", "")
                    .put("organization_unit_name", "").put("common_name", "x")
                    .put("identifier", "AAAAAAAAAAAAAAAAAAAAAA");
            assertThat(client.send("POST", "/renew_tls", EcpTestClient.headers("AAAAAA", "AAAAAAAAAAAAAAAAAAAAAA"),
                    EcpTestClient.body(req)).status()).isEqualTo(500);
            assertThat(storage[0].requestFrames()).isEqualTo(before);
        } finally {
            storage[0].close();
        }
        try (OperationModule again = start(state, storage)) {
            assertThat(again.certificate()).isEqualTo(first);
        } finally {
            storage[0].close();
        }
    }
}
