package io.pqrstuv.cryptnox.card;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Is the manufacturer certificate signed by Cryptnox? First offline, with the Cryptnox CA key known
 * from Cryptnox's own C++ SDK ("CRYPTNOX_DLT_CARDS_CA"); then, like the Python library, against the
 * certificates listed at Cryptnox's directory. The whole check has one deadline (default 5 s): no
 * network means {@link Origin#UNKNOWN}, quickly, never a hang. {@link Origin#FAKE} needs positive
 * evidence: Cryptnox keys were fetched and none signed the certificate.
 */
public final class GenuinenessCheck {
    public static final URI DEFAULT_DIRECTORY = URI.create("https://verify.cryptnox.tech/certificates/");
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+\\.crt)\"", Pattern.CASE_INSENSITIVE);
    private static final int MAX_CERTIFICATES = 32;
    private static final int MAX_BYTES = 256 * 1024;

    private final URI directory;
    private final Duration deadline;
    private final List<PublicKey> offlineKeys;

    private GenuinenessCheck(URI directory, Duration deadline, List<PublicKey> offlineKeys) {
        this.directory = directory;
        this.deadline = deadline;
        this.offlineKeys = offlineKeys;
    }

    /** The Cryptnox directory, the known CA key, a 5 s deadline. */
    public static GenuinenessCheck standard() {
        return new GenuinenessCheck(DEFAULT_DIRECTORY, DEFAULT_DEADLINE, List.of(cryptnoxCaKey()));
    }

    /** Only the built-in Cryptnox CA key: no network at all. */
    public static GenuinenessCheck offline() {
        return new GenuinenessCheck(null, DEFAULT_DEADLINE, List.of(cryptnoxCaKey()));
    }

    /** Another directory (a mirror, or a test server) and deadline; {@code directory} null = offline only. */
    public static GenuinenessCheck using(URI directory, Duration deadline, List<PublicKey> offlineKeys) {
        return new GenuinenessCheck(directory, deadline, List.copyOf(offlineKeys));
    }

    public Origin check(ManufacturerCertificate certificate) {
        X509Certificate c = certificate.certificate();
        for (PublicKey k : offlineKeys) {
            if (signedBy(c, k)) {
                return Origin.ORIGINAL;
            }
        }
        if (directory == null) {
            return Origin.UNKNOWN;
        }
        List<PublicKey> keys;
        try {
            keys = fetchKeys();
        } catch (Exception e) {
            return Origin.UNKNOWN;
        }
        if (keys.isEmpty()) {
            return Origin.UNKNOWN;
        }
        for (PublicKey k : keys) {
            if (signedBy(c, k)) {
                return Origin.ORIGINAL;
            }
        }
        return Origin.FAKE;
    }

    static boolean signedBy(X509Certificate c, PublicKey key) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(c.getTBSCertificate());
            return s.verify(c.getSignature());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private List<PublicKey> fetchKeys() throws Exception {
        Instant end = Instant.now().plus(deadline);
        HttpClient http = HttpClient.newBuilder().connectTimeout(remaining(end))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try (http) {
            String page = new String(get(http, directory, end), StandardCharsets.UTF_8);
            Set<URI> links = new LinkedHashSet<>();
            Matcher m = HREF.matcher(page);
            while (m.find() && links.size() < MAX_CERTIFICATES) {
                links.add(directory.resolve(m.group(1)));
            }
            List<PublicKey> keys = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (URI u : links) {
                byte[] body = get(http, u, end);
                try {
                    keys.add(cf.generateCertificate(new ByteArrayInputStream(body)).getPublicKey());
                } catch (GeneralSecurityException ignored) {
                    // one unreadable file does not decide anything
                }
            }
            return keys;
        }
    }

    private static byte[] get(HttpClient http, URI u, Instant end) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(u).timeout(remaining(end)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length > MAX_BYTES) {
            throw new java.io.IOException("HTTP " + r.statusCode() + " from " + u);
        }
        return r.body();
    }

    private static Duration remaining(Instant end) throws java.util.concurrent.TimeoutException {
        Duration d = Duration.between(Instant.now(), end);
        if (d.isNegative() || d.isZero()) {
            throw new java.util.concurrent.TimeoutException("deadline passed");
        }
        return d;
    }

    /** "CRYPTNOX_DLT_CARDS_CA" (P-256), from Cryptnox's C++ SDK; see notes §2.20. */
    public static PublicKey cryptnoxCaKey() {
        try {
            ECPoint w = new ECPoint(
                    new java.math.BigInteger("647a112c2acf5a49b52b321cbdcf5a9ea307fc4ccd33aa78b9b8055dd84d03ae", 16),
                    new java.math.BigInteger("dab02cc720a780cb1ff280af50774a6cdc157efa235ea25311a42b4cf57d8861", 16));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, io.pqrstuv.cryptnox.channel.P256.params()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
