import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor for any Java HTTPS client on this machine: trust one certificate, one TLS 1.3 GET,
 * print the body. No CLI library, no JSON. scripts/bench-cli-startup runs it beside `pqrstuv info`.
 * Usage: java HttpsGetFloor URL CERT.pem
 */
public final class HttpsGetFloor {
    public static void main(String[] args) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var in = Files.newInputStream(Path.of(args[1]))) {
            ks.setCertificateEntry("device", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.getSocketFactory());
        var c = (HttpsURLConnection) URI.create(args[0] + "/info").toURL().openConnection(Proxy.NO_PROXY);
        c.setHostnameVerifier((host, session) -> true); // the device certificate names no host
        c.setRequestProperty("Session", "AAAAAA");
        c.setRequestProperty("Authorization", "AAAAAAAAAAAAAAAAAAAAAA");
        try (var in = c.getInputStream()) {
            System.out.write(in.readAllBytes());
        }
        System.out.flush();
    }
}
