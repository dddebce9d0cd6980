package io.pqrstuv.operation.http;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.operation.OperationModule;
import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.ScriptedStorage;
import io.pqrstuv.serial.Links;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operation module on a real tty: a socat pty pair opened as serial ports at 9600 8N1. */
class SerialPtyTest {
    @Test
    void servesOverAPtySerialLink() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start()) {
            ScriptedStorage storage = new ScriptedStorage(Links.open("serial:" + pty.b()));
            try (OperationModule m = OperationModule.start(new OperationModule.Settings(
                    new InetSocketAddress("127.0.0.1", 0), Files.createTempDirectory("pty-state"), Optional.empty(),
                    new ReplyTimeouts(9600), "logger"), Links.open("serial:" + pty.a()))) {
                EcpTestClient client = new EcpTestClient(m.url(), new PinnedTrust(List.of(m.certificate())));
                assertThat(client.info().code()).isZero();
                byte[] data = new byte[2000];
                new SecureRandom().nextBytes(data);
                var ping = client.postUnauthenticated("/ping", JSON.getNodeFactory().textNode(Base64Url.encode(data)));
                assertThat(ping.result().asText()).isEqualTo(Base64Url.encode(data));
                String id = client.call("/keygen", Algorithm.ED25519.coseId()).result().asText();
                var pub = client.call("/get_public_key", id);
                var sig = client.call("/sign", JSON.createObjectNode().put("identifier", id).put("document", "ZG9j"));
                assertThat(IndependentCrypto.verify(Algorithm.ED25519,
                        IndependentCrypto.publicKey(Algorithm.ED25519, Base64Url.decode(pub.result().asText()).orElseThrow()),
                        "doc".getBytes(), Base64Url.decode(sig.result().asText()).orElseThrow())).isTrue();
            } finally {
                storage.close();
            }
        }
    }
}
