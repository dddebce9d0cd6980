package io.pqrstuv.qrng.jca;

import io.pqrstuv.qrng.QccDevice;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A JCA provider bound to one open QRNG, with two {@code SecureRandom} algorithms:
 * <ul>
 *   <li>{@code QRNG}: bytes straight from the device ({@link QrngSecureRandomSpi});</li>
 *   <li>{@code QRNG-DRBG}: an SP 800-90A Hash_DRBG seeded and reseeded from the device
 *       ({@link QrngDrbg}), behind a {@link HealthGate}.</li>
 * </ul>
 * Both refuse to produce output ({@link QrngUnavailableException}) while the device reports a
 * health-test or voltage failure or an unfinished startup test. Use it without installing it:
 * <pre>{@code
 * try (QccDevice qrng = QccDevice.openSerial(Path.of("/dev/ttyUSB0"))) {
 *     SecureRandom r = SecureRandom.getInstance("QRNG-DRBG", new QrngProvider(qrng));
 * }
 * }</pre>
 * Each {@code getInstance("QRNG-DRBG")} instantiates a new DRBG from fresh device entropy.
 */
public final class QrngProvider extends Provider {
    public static final String NAME = "PQRSTUV-QRNG";
    private static final String VERSION = "0.1";
    private static final String DESCRIPTION = "Crypta Labs QRNG (Cmd&Ctrl) SecureRandom: QRNG and QRNG-DRBG";

    /** Named in {@code SecureRandom}s built directly with {@link QrngDrbg#builder}. */
    static final Provider INFO = new Provider(NAME, VERSION, DESCRIPTION) {
        private static final long serialVersionUID = 1L;
    };

    private static final long serialVersionUID = 1L;

    /**
     * Settings of the provider's algorithms.
     *
     * @param statusMaxAge   how old a healthy status may be before QRNG-DRBG asks again (0: before every request)
     * @param reseedInterval QRNG-DRBG generate requests between reseeds
     * @param mixWith        appended to every QRNG-DRBG entropy input (e.g. the OS DRBG), or null
     */
    public record Settings(Duration statusMaxAge, long reseedInterval, SecureRandom mixWith) {
        public Settings {
            Objects.requireNonNull(statusMaxAge, "statusMaxAge");
        }

        public static Settings defaults() {
            return new Settings(Duration.ZERO, 1L << 16, null);
        }
    }

    public QrngProvider(QccDevice device) {
        this(device, Settings.defaults());
    }

    @SuppressWarnings("this-escape")
    public QrngProvider(QccDevice device, Settings settings) {
        super(NAME, VERSION, DESCRIPTION);
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(settings, "settings");
        Map<String, String> attrs = Map.of("ThreadSafe", "true");
        putService(new Service(this, "SecureRandom", "QRNG", QrngSecureRandomSpi.class.getName(), null, attrs) {
            @Override
            public Object newInstance(Object parameter) {
                return new QrngSecureRandomSpi(device);
            }
        });
        putService(new Service(this, "SecureRandom", "QRNG-DRBG", QrngDrbg.Spi.class.getName(), null, attrs) {
            @Override
            public Object newInstance(Object parameter) {
                QrngDrbg drbg = QrngDrbg.builder(new DeviceEntropyInput(device))
                        .healthGate(new HealthGate(device, settings.statusMaxAge()))
                        .reseedInterval(settings.reseedInterval())
                        .mixWith(settings.mixWith())
                        .build();
                return drbg.spi();
            }
        });
    }
}
