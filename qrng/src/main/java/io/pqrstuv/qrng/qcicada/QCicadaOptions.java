package io.pqrstuv.qrng.qcicada;

import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.wire.Codes;
import java.time.Duration;
import java.util.Objects;

/**
 * QCicada-specific settings on top of {@link QccOptions}.
 *
 * @param base                   timing of every command
 * @param certificateCommandCode the unpublished certificate-programming command (notes §1.10 [P]: 0xFA)
 * @param allowOtpProgramming    permit {@code setDeviceCertificate(..., program=true)}: burning the
 *                               one-time area with an unconfirmed wire format is refused unless set
 * @param rebootReplyTimeout     how long to wait for REBOOT's optional {@code F8} (0.5 s, as the SDK)
 * @param rebootDelay            pause between closing and reopening the port after REBOOT
 * @param reopenTimeout          how long to keep trying to reopen and reach the device after REBOOT
 */
public record QCicadaOptions(QccOptions base, int certificateCommandCode, boolean allowOtpProgramming,
        Duration rebootReplyTimeout, Duration rebootDelay, Duration reopenTimeout) {

    public QCicadaOptions {
        Objects.requireNonNull(base, "base");
        if (!Codes.isCustom(certificateCommandCode) || certificateCommandCode == Codes.GET_DEV_PUB_KEY
                || certificateCommandCode == Codes.REBOOT || certificateCommandCode == Codes.GET_DEV_CERTIFICATE) {
            throw new IllegalArgumentException(String.format(
                    "certificate command code must be a free custom code 0xF0..0xFF (not 0xF7..0xF9), got 0x%02X",
                    certificateCommandCode));
        }
        Objects.requireNonNull(rebootReplyTimeout, "rebootReplyTimeout");
        Objects.requireNonNull(rebootDelay, "rebootDelay");
        Objects.requireNonNull(reopenTimeout, "reopenTimeout");
    }

    public static QCicadaOptions defaults() {
        return of(QccOptions.defaults());
    }

    public static QCicadaOptions of(QccOptions base) {
        return new QCicadaOptions(base, Codes.SET_DEV_CERTIFICATE_PROPOSED, false, Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    public QCicadaOptions withBase(QccOptions b) {
        return new QCicadaOptions(b, certificateCommandCode, allowOtpProgramming, rebootReplyTimeout, rebootDelay,
                reopenTimeout);
    }

    public QCicadaOptions withCertificateCommandCode(int code) {
        return new QCicadaOptions(base, code, allowOtpProgramming, rebootReplyTimeout, rebootDelay, reopenTimeout);
    }

    public QCicadaOptions withAllowOtpProgramming(boolean allow) {
        return new QCicadaOptions(base, certificateCommandCode, allow, rebootReplyTimeout, rebootDelay, reopenTimeout);
    }

    public QCicadaOptions withReboot(Duration delay, Duration reopen) {
        return new QCicadaOptions(base, certificateCommandCode, allowOtpProgramming, rebootReplyTimeout, delay, reopen);
    }
}
