package io.pqrstuv.qrng.testing;

import io.pqrstuv.qrng.QccDevice;
import io.pqrstuv.qrng.QccOptions;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.transport.QccEndpoint;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The device the integration tests run against: by default our emulator (at unlimited rate unless
 * asked), served over a pty, TCP or TCP+UDP; with {@code -Dpqrstuv.qrng.tty=PATH}, a real QCicada
 * (or any other emulator) on that tty instead. Tests that need fault injection or the emulator's
 * statistics call {@link #emulator()}, which skips them on a real device.
 */
public final class DeviceUnderTest implements AutoCloseable {
    public static final String TTY_PROPERTY = "pqrstuv.qrng.tty";

    public enum Link { PTY, TCP, TCPUDP }

    private final QcicadaEmulator emu;
    private final QccEndpoint endpoint;

    private DeviceUnderTest(QcicadaEmulator emu, QccEndpoint endpoint) {
        this.emu = emu;
        this.endpoint = endpoint;
    }

    /** A real device was named on the command line. */
    public static boolean external() {
        return System.getProperty(TTY_PROPERTY) != null;
    }

    public static DeviceUnderTest start(Link link, Path stateDir) throws IOException {
        return start(link, QcicadaEmulator.builder().stateDir(stateDir).rate(EmulatorRate.unlimited()));
    }

    public static DeviceUnderTest start(Link link, QcicadaEmulator.Builder builder) throws IOException {
        if (external()) {
            Assumptions.assumeTrue(link == Link.PTY, "a real device is tested over its tty only");
            return new DeviceUnderTest(null, QccEndpoint.serial(Path.of(System.getProperty(TTY_PROPERTY))));
        }
        QcicadaEmulator emu = builder.build();
        try {
            QccEndpoint ep = switch (link) {
                case PTY -> QccEndpoint.serial(emu.servePty(emu.stateDir().resolve("ttyQCicada")));
                case TCP -> QccEndpoint.tcp("127.0.0.1", emu.serveTcp(0));
                case TCPUDP -> {
                    int udp = freeUdpPort();
                    yield QccEndpoint.tcpUdp("127.0.0.1", emu.serveTcpUdp(0, udp), udp);
                }
            };
            return new DeviceUnderTest(emu, ep);
        } catch (IOException | RuntimeException e) {
            emu.close();
            throw e;
        }
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    public QccEndpoint endpoint() {
        return endpoint;
    }

    public QccDevice open(QccOptions options) throws IOException {
        return QccDevice.open(endpoint, options);
    }

    /** The emulator, for fault injection and statistics; skips the test on a real device. */
    public QcicadaEmulator emulator() {
        Assumptions.assumeTrue(emu != null, "needs the emulator's fault injection");
        return emu;
    }

    @Override
    public void close() {
        if (emu != null) {
            emu.close();
        }
    }
}
