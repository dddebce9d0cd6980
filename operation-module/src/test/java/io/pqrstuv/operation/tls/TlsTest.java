package io.pqrstuv.operation.tls;

import static io.pqrstuv.operation.support.EcpTestClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.operation.support.EcpTestClient.Reply;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.testkit.tls.PinnedTrust;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS 1.3 only, the first self-signed certificate, and /renew_tls with its endorsement (D-31). */
class TlsTest {
    private static TestDevice device;
    private static EcpTestClient client;

    @BeforeAll
    static void start() throws Exception {
        device = TestDevice.start();
        client = device.recordingClient();
    }

    @AfterAll
    static void stop() throws Exception {
        device.close();
    }

    private static String host() {
        return java.net.URI.create(device.url()).getHost();
    }

    @Test
    void tls12IsRefusedByJsse() throws Exception {
        javax.net.ssl.SSLContext ctx = PinnedTrust.context(new PinnedTrust(List.of()), "TLSv1.2");
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host(), device.port())) {
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void opensslHandshakesOnlyWithTls13() throws Exception {
        assertThat(sClient("-tls1_3")).isZero();
        assertThat(sClient("-tls1_2")).isNotZero();
        assertThat(sClient("-tls1_1")).isNotZero();
    }

    private static int sClient(String version) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", host() + ":" + device.port(), version)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void plainHttpGetsNoHttpAnswer() throws Exception {
        try (Socket s = new Socket(host(), device.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET /info HTTP/1.1\r\nHost: x\r\nSession: AAAAAA\r\nAuthorization: AAAAAAAAAAAAAAAAAAAAAA\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] got;
            try {
                got = in.readNBytes(5);
            } catch (java.io.IOException e) {
                got = new byte[0];
            }
            assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP");
        }
    }

    /** The certificate a new connection gets (an open keep-alive connection keeps its old one). */
    private static X509Certificate served() throws Exception {
        EcpTestClient fresh = device.recordingClient();
        assertThat(fresh.info().status()).isEqualTo(200);
        return fresh.trust().seen().getLast();
    }

    @Test
    void servedCertificateIsSelfSignedP256AndKeptOnDisk() throws Exception {
        X509Certificate cert = served();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        if (!TestDevice.external()) {
            X509Certificate onDisk = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(device.stateDir().resolve("tls/cert.pem"))));
            assertThat(onDisk).isEqualTo(cert);
            assertThat(Files.getPosixFilePermissions(device.stateDir().resolve("tls/key.pem")).toString())
                    .isEqualTo("[OWNER_READ, OWNER_WRITE]");
        }
    }

    private static ObjectNode renewRequest(String id, boolean export) {
        return JSON.createObjectNode().put("export", export).put("country_name", "DE").put("state", "Berlin")
                .put("province", "Brandenburg").put("organization_name", "Cryptane / Test")
                .put("organization_unit_name", "HSM").put("common_name", "pqrstuv.test").put("identifier", id);
    }

    @Test
    void renewalValidatesItsInput() throws Exception {
        String id = Base64Url.encode(new byte[16]);
        assertThat(client.call("/renew_tls", renewRequest(id, false).put("country_name", "DEU")).status()).isEqualTo(400);
        assertThat(client.call("/renew_tls", renewRequest(id, false).put("common_name", "")).status()).isEqualTo(400);
        assertThat(client.call("/renew_tls", renewRequest(id, false).put("state", "a\nb")).status()).isEqualTo(400);
        assertThat(client.call("/renew_tls", renewRequest(id, false).put("export", "yes")).status()).isEqualTo(400);
        ObjectNode missing = renewRequest(id, false);
        missing.remove("province");
        assertThat(client.call("/renew_tls", missing).status()).isEqualTo(400);
        assertThat(client.call("/renew_tls", renewRequest("AAAA", false)).status()).isEqualTo(417);
        assertThat(client.call("/renew_tls", renewRequest("***", false).put("country_name", "DEU")).status()).isEqualTo(417);
    }

    @Test
    void renewalWithAnUnknownKeyKeepsTheCertificate() throws Exception {
        X509Certificate before = served();
        Reply r = client.call("/renew_tls", renewRequest(Base64Url.encode(new byte[16]), true));
        assertThat(r.json().toString()).isEqualTo("{\"code\":9,\"result\":\"\"}");
        assertThat(served()).isEqualTo(before);
    }

    @Test
    void renewalSwapsTheCertificateAndCarriesTheEndorsement() throws Exception {
        Reply gen = client.call("/keygen", -7);
        assertThat(gen.code()).isZero();
        String id = gen.result().asText();
        X509Certificate before = served();

        Reply r = client.call("/renew_tls", renewRequest(id, !TestDevice.external()));
        assertThat(r.json().toString()).isEqualTo("{\"code\":0,\"result\":\"\"}");

        X509Certificate after = served();
        assertThat(after).isNotEqualTo(before);
        after.verify(after.getPublicKey()); // self-signed by the new TLS key
        assertThat(after.getSubjectX500Principal().getName())
                .contains("CN=pqrstuv.test", "O=Cryptane / Test", "OU=HSM", "C=DE", "ST=Berlin", "ST=Brandenburg");

        byte[] ext = after.getExtensionValue(Endorsement.OID.getId());
        assertThat(ext).isNotNull();
        ASN1Sequence seq = ASN1Sequence.getInstance(ASN1OctetString.getInstance(ext).getOctets());
        assertThat(seq.size()).isEqualTo(3);
        byte[] keyId = ASN1OctetString.getInstance(seq.getObjectAt(0)).getOctets();
        byte[] csr = ASN1OctetString.getInstance(seq.getObjectAt(1)).getOctets();
        byte[] signature = ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
        assertThat(Base64Url.encode(keyId)).isEqualTo(id);
        PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr);
        assertThat(request.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(after.getPublicKey().getEncoded());
        assertThat(ASN1Primitive.fromByteArray(csr)).isNotNull();

        // The endorsement verifies with the device key, over SHA3-256(CSR DER), per notes §3.6 (ES256).
        Reply pub = client.call("/get_public_key", id);
        assertThat(pub.code()).isZero();
        PublicKey hsmKey = KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(Base64Url.decode(pub.result().asText()).orElseThrow()));
        Signature v = Signature.getInstance("SHA3-256withECDSAinP1363Format");
        v.initVerify(hsmKey);
        v.update(csr);
        assertThat(v.verify(signature)).isTrue();
        assertThat(MessageDigest.getInstance("SHA3-256").digest(csr)).hasSize(32);

        assumeFalse(TestDevice.external());
        byte[] crt = Files.readAllBytes(device.exportDir().resolve("pqrstuv-tls.crt"));
        assertThat(crt).isEqualTo(after.getEncoded());
        X509Certificate pem = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(device.exportDir().resolve("pqrstuv-tls.pem"))));
        assertThat(pem).isEqualTo(after);
        assertThat(Files.readString(device.exportDir().resolve("pqrstuv-tls.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(TestDevice.class).isNotNull();
        X509Certificate current = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(device.stateDir().resolve("tls/cert.pem"))));
        assertThat(current).isEqualTo(after);
    }
}
