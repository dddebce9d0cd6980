package io.pqrstuv.cli.hsm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A scripted TLS 1.3 ECP peer for CLI tests (exit codes, output, secrets). Issues sessions on /init,
 * checks tokens against {@link #secret}, answers other paths from {@link #script}. Not a device.
 */
final class FakePeer implements AutoCloseable {
    final Map<String, Function<JsonNode, String>> script = new HashMap<>();
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    volatile byte[] secret = new byte[0];
    final X509Certificate certificate;
    private final HttpsServer server;
    private final Map<String, byte[]> nonces = new HashMap<>();
    private int next = 0x11223301;

    FakePeer() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X500Name n = new X500Name("CN=PQRSTUV");
        Instant now = Instant.now();
        certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(n, BigInteger.ONE,
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)), n, kp.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", kp.getPrivate(), "p".toCharArray(), new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "p".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    String pin() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        paths.add(path);
        byte[] raw = ex.getRequestBody().readAllBytes();
        JsonNode data = raw.length == 0 ? null : new ObjectMapper().readTree(raw).get("data");
        if (path.equals("/init")) {
            byte[] s = {(byte) (next >> 24), (byte) (next >> 16), (byte) (next >> 8), (byte) next++};
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            nonces.put(Base64Url.encode(s), nonce);
            reply(ex, 200, "{\"code\":0,\"result\":{\"session\":\"" + Base64Url.encode(s) + "\",\"nonce\":\""
                    + Base64Url.encode(nonce) + "\"}}");
            return;
        }
        Function<JsonNode, String> f = script.get(path);
        if (f == null) {
            reply(ex, 404, "{}");
            return;
        }
        if (!path.equals("/info") && !path.equals("/ping")) {
            byte[] nonce = nonces.remove(ex.getRequestHeaders().getFirst("Session"));
            if (nonce == null) {
                reply(ex, 200, "{\"code\":7,\"result\":\"\"}");
                return;
            }
            byte[] tok = Base64Url.decode(ex.getRequestHeaders().getFirst("Authorization"), 16).orElse(new byte[0]);
            if (!MessageDigest.isEqual(AuthToken.compute(secret, nonce), tok)) {
                reply(ex, 200, "{\"code\":8,\"result\":\"\"}");
                return;
            }
        }
        String body = f.apply(data);
        reply(ex, body.startsWith("HTTP ") ? Integer.parseInt(body.substring(5)) : 200,
                body.startsWith("HTTP ") ? "{}" : body);
    }

    static String ok(String resultJson) {
        return "{\"code\":0,\"result\":" + resultJson + "}";
    }

    static String okText(String s) {
        return ok("\"" + s + "\"");
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
