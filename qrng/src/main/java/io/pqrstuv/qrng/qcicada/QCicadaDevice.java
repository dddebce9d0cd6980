package io.pqrstuv.qrng.qcicada;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.error.QccNackException;
import io.pqrstuv.qrng.error.QccProtocolException;
import io.pqrstuv.qrng.error.QccTimeoutException;
import io.pqrstuv.qrng.transport.QccEndpoint;
import io.pqrstuv.qrng.transport.QccTransport;
import io.pqrstuv.qrng.wire.Codes;
import io.pqrstuv.qrng.wire.Command;
import io.pqrstuv.qrng.wire.DeviceCertificateBlob;
import io.pqrstuv.qrng.wire.Frames;
import io.pqrstuv.qrng.wire.QccInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Crypta Labs QCicada: everything of {@link QccDevice} plus what pyqcicada adds (notes
 * §1.7–§1.10): signed reads, the device key and its certificate, verification against an OEM CA,
 * reboot, and OEM provisioning of the certificate.
 *
 * <p>Trust chain: the OEM CA signs a 72-byte blob (hardware version, serial number, device public
 * key); {@link #verifiedDevicePublicKey(PublicKey)} checks that signature for this device, and the
 * key it returns verifies every {@link #signedReadVerified} answer. Signatures prove origin, not
 * freshness (no nonce on the wire).
 */
public class QCicadaDevice extends QccDevice {
    private final QCicadaOptions qopts;

    protected QCicadaDevice(QccTransport transport, QccEndpoint endpoint, QCicadaOptions options) {
        super(transport, endpoint, options.base());
        this.qopts = options;
    }

    public static QCicadaDevice open(QccEndpoint endpoint, QCicadaOptions options) throws IOException {
        QccTransport t = endpoint.open(options.base().connectTimeout());
        return initialize(new QCicadaDevice(t, endpoint, options));
    }

    public static QCicadaDevice openSerial(Path tty) throws IOException {
        return open(QccEndpoint.serial(tty), QCicadaOptions.defaults());
    }

    public static QCicadaDevice openSerial(Path tty, QCicadaOptions options) throws IOException {
        return open(QccEndpoint.serial(tty), options);
    }

    public QCicadaOptions qcicadaOptions() {
        return qopts;
    }

    // ---- signed reads ------------------------------------------------------------------------

    /**
     * SIGNED_READ of {@code n} bytes (1..65,535): {@code 51 nL nH} → {@code 52}, the data, then the
     * 64-byte signature over exactly the data. Needs firmware 5.13 or later (older ones NACK). The
     * deadline is {@code responseTimeout + (n + 64) / minDataRate}.
     */
    public SignedRead signedRead(int n) throws IOException {
        byte[] frame = Frames.signedRead(n);
        return locked(() -> {
            Duration timeout = options.dataTimeout(n + Codes.SIGNATURE_LENGTH);
            Reply r = exchange(frame, Command.SIGNED_READ.name(), Codes.SIGNED_READ_RESPONSE, 0, timeout);
            byte[] both = new byte[n + Codes.SIGNATURE_LENGTH];
            readDataFully(both, 0, both.length, r.deadline(), timeout, "signed read of " + n + " bytes", 1);
            byte[] data = Arrays.copyOf(both, n);
            byte[] sig = Arrays.copyOfRange(both, n, both.length);
            Arrays.fill(both, (byte) 0);
            return new SignedRead(data, sig);
        });
    }

    /**
     * A signed read whose data is returned only if the signature verifies under {@code verifiedKey}
     * (from {@link #verifiedDevicePublicKey}); otherwise the data is wiped and
     * {@link QccSignatureException} is thrown.
     */
    public byte[] signedReadVerified(int n, ECPublicKey verifiedKey) throws IOException {
        Objects.requireNonNull(verifiedKey, "verifiedKey");
        SignedRead r = signedRead(n);
        if (!r.verify(verifiedKey)) {
            r.wipe();
            throw new QccSignatureException("signed read of " + n + " bytes: the signature does not verify under the device key");
        }
        return r.data();
    }

    // ---- device key and certificate ----------------------------------------------------------

    /** GET_DEV_PUB_KEY: the device's P-256 public key as raw {@code X‖Y}. */
    public byte[] devicePublicKeyRaw() throws IOException {
        return locked(() -> request(Frames.simple(Command.GET_DEV_PUB_KEY), Command.GET_DEV_PUB_KEY,
                options.responseTimeout()));
    }

    /** GET_DEV_PUB_KEY as a {@link ECPublicKey} (checked to be on the curve). Not yet vouched for. */
    public ECPublicKey devicePublicKey() throws IOException {
        byte[] raw = devicePublicKeyRaw();
        try {
            return P256.publicKey(raw);
        } catch (InvalidKeyException e) {
            throw new QccProtocolException("GET_DEV_PUB_KEY: " + e.getMessage(), e);
        }
    }

    /**
     * GET_DEV_CERTIFICATE: the OEM CA's signature {@code r‖s} over this device's 72-byte blob. A
     * device without a certificate NACKs (thrown as {@link QccNackException}).
     */
    public byte[] deviceCertificate() throws IOException {
        return locked(() -> request(Frames.simple(Command.GET_DEV_CERTIFICATE), Command.GET_DEV_CERTIFICATE,
                options.responseTimeout()));
    }

    /** The 72-byte blob the certificate of this device signs (GET_INFO and GET_DEV_PUB_KEY). */
    public byte[] certificateBlob() throws IOException {
        return locked(() -> DeviceCertificateBlob.of(info(), devicePublicKeyRaw()));
    }

    /**
     * The device public key, once its certificate verifies under {@code caPublicKey} for this
     * device's hardware version and serial number. Throws {@link QccCertificateException} otherwise.
     */
    public ECPublicKey verifiedDevicePublicKey(PublicKey caPublicKey) throws IOException {
        Objects.requireNonNull(caPublicKey, "caPublicKey");
        try {
            P256.requireP256(caPublicKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("CA public key: " + e.getMessage(), e);
        }
        return locked(() -> {
            QccInfo info = info();
            byte[] raw = devicePublicKeyRaw();
            byte[] blob;
            try {
                blob = DeviceCertificateBlob.of(info, raw);
            } catch (QccProtocolException e) {
                throw new QccCertificateException("device " + info.serial() + ": " + e.getMessage(), e);
            }
            byte[] cert;
            try {
                cert = deviceCertificate();
            } catch (QccNackException e) {
                throw new QccCertificateException("device " + info.serial() + " has no certificate (GET_DEV_CERTIFICATE refused)", e);
            }
            if (!P256.verify(caPublicKey, blob, 0, blob.length, cert)) {
                throw new QccCertificateException("device " + info.serial() + ": its certificate does not verify under the "
                        + "CA public key (another CA, or another device's certificate)");
            }
            try {
                return P256.publicKey(raw);
            } catch (InvalidKeyException e) {
                throw new QccCertificateException("device " + info.serial() + ": " + e.getMessage(), e);
            }
        });
    }

    public ECPublicKey verifiedDevicePublicKey(Path caPublicKeyPem) throws IOException, GeneralSecurityException {
        return verifiedDevicePublicKey(CaKeys.readPublicKeyPem(caPublicKeyPem));
    }

    // ---- reboot ------------------------------------------------------------------------------

    /**
     * REBOOT ({@code F8 A1 25}): the device may answer {@code F8} and then restart. The port is
     * closed, reopened after {@code rebootDelay} (retrying until {@code reopenTimeout}, since the tty
     * may vanish and come back), and STOP is sent until the device answers. The startup test then
     * runs: see {@link #awaitReady}.
     */
    public void reboot() throws IOException {
        locked(() -> {
            int reply = sendExpectingAtMostOneByte(Frames.reboot(), "REBOOT", qopts.rebootReplyTimeout());
            if (reply == Codes.NACK) {
                throw new QccNackException(Codes.REBOOT, "REBOOT");
            }
            reopen(qopts.rebootDelay(), qopts.reopenTimeout());
            long deadline = System.nanoTime() + qopts.reopenTimeout().toNanos();
            while (true) {
                try {
                    stop();
                    return null;
                } catch (QccTimeoutException | QccProtocolException e) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new QccTimeoutException("device does not answer after REBOOT: " + e.getMessage(),
                                qopts.reopenTimeout());
                    }
                }
            }
        });
    }

    // ---- OEM provisioning --------------------------------------------------------------------

    /** What {@link #setDeviceCertificate} did. */
    public record Provisioning(String serial, byte[] certificate, boolean burned) {
    }

    /**
     * Signs this device's certificate blob with the OEM CA private key from {@code caPrivateKeyPem}
     * (passphrase-encrypted, as made by the openssl commands of the pyqcicada docs) and sends it
     * with the configurable certificate-programming command (notes §1.10, a proposal: the wire
     * format is unpublished). {@code program=false} stages it (lost at reboot) and checks that the
     * device returns it and that it verifies under the CA's public key; {@code program=true} burns
     * the one-time area, which can never be repeated, and needs
     * {@link QCicadaOptions#allowOtpProgramming()}. The passphrase is the caller's to wipe.
     */
    public Provisioning setDeviceCertificate(Path caPrivateKeyPem, char[] passphrase, boolean program)
            throws IOException, GeneralSecurityException {
        ECPrivateKey ca = CaKeys.readPrivateKeyPem(caPrivateKeyPem, passphrase);
        return setDeviceCertificate(ca, program);
    }

    public Provisioning setDeviceCertificate(ECPrivateKey caPrivateKey, boolean program)
            throws IOException, GeneralSecurityException {
        P256.requireP256(caPrivateKey);
        if (program && !qopts.allowOtpProgramming()) {
            throw new IllegalStateException("burning the one-time certificate area is not enabled: its wire format "
                    + String.format("(command 0x%02X) is a proposal no vendor document confirms; ", qopts.certificateCommandCode())
                    + "set allowOtpProgramming once it is confirmed for this device");
        }
        ECPublicKey caPublic = publicOf(caPrivateKey);
        return locked(() -> {
            QccInfo info = info();
            byte[] blob;
            try {
                blob = DeviceCertificateBlob.of(info, devicePublicKeyRaw());
            } catch (QccProtocolException e) {
                throw new QccCertificateException("device " + info.serial() + ": " + e.getMessage(), e);
            }
            byte[] cert;
            try {
                cert = P256.sign(caPrivateKey, blob);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign the certificate: " + e.getMessage(), e);
            }
            String name = String.format("SET_DEV_CERTIFICATE (0x%02X, %s)", qopts.certificateCommandCode(),
                    program ? "burn" : "stage");
            exchange(Frames.setDeviceCertificate(qopts.certificateCommandCode(), cert, program), name, Codes.CUSTOM_OK, 0,
                    options.responseTimeout());
            byte[] back = deviceCertificate();
            if (!Arrays.equals(back, cert)) {
                throw new QccCertificateException("device " + info.serial() + " accepted the certificate but returns another one");
            }
            if (!P256.verify(caPublic, blob, 0, blob.length, back)) {
                throw new QccCertificateException("device " + info.serial() + ": the certificate does not verify under the CA");
            }
            return new Provisioning(info.serial(), cert, program);
        });
    }

    private static ECPublicKey publicOf(ECPrivateKey priv) throws GeneralSecurityException {
        // Q = d·G with Bouncy Castle's curve arithmetic; the JDK exposes no such operation.
        var spec = org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1");
        var q = spec.getG().multiply(priv.getS()).normalize();
        byte[] xy = new byte[64];
        byte[] x = q.getAffineXCoord().getEncoded();
        byte[] y = q.getAffineYCoord().getEncoded();
        System.arraycopy(x, 0, xy, 0, 32);
        System.arraycopy(y, 0, xy, 32, 32);
        return P256.publicKey(xy);
    }

    @Override
    public String toString() {
        return "QCicadaDevice[" + describe() + "]";
    }
}
