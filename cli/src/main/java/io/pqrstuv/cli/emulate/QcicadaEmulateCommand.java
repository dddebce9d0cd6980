package io.pqrstuv.cli.emulate;

import io.pqrstuv.qrng.emulator.ControlFile;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.FaultSettings;
import io.pqrstuv.qrng.emulator.QcicadaEmulator;
import io.pqrstuv.qrng.emulator.wire.DeviceInfo;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqrstuv emulate qcicada}: a software Crypta Labs QCicada QRNG on a pty, TCP and/or TCP+UDP. */
@Command(name = "qcicada", mixinStandardHelpOptions = true,
        description = {"Emulate a Crypta Labs QCicada QRNG: any serial client can open LINK (1,000,000 baud 8N1)",
                "as it would open /dev/ttyUSB0. Runs until Ctrl-C or SIGTERM. Faults can be injected while it",
                "runs by editing DIR/faults.properties (see docs/qrng-emulator.md)."})
public final class QcicadaEmulateCommand implements Callable<Integer> {
    static final String NAME = "pqrstuv emulate qcicada";

    @Option(names = "--pty", paramLabel = "LINK",
            description = "Create a pty and make LINK a symlink to it (e.g. /tmp/ttyQCicada).")
    Path pty;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The device's persistent state (default: ~/.pqrstuv/qcicada). A fresh DIR is a new device.")
    Path state;

    @Option(names = "--rate", paramLabel = "real|unlimited|BYTES_PER_S", defaultValue = "real",
            description = "Generation rate (default: ${DEFAULT-VALUE}: a 13,440-byte ready pool, then ~12.5 kB/s).")
    String rate;

    @Option(names = "--tcp", paramLabel = "PORT",
            description = "Also serve the serial byte stream over TCP on PORT (pyqcc's 'tcp'; 0 = a free port).")
    Integer tcp;

    @Option(names = "--tcpudp", paramLabel = "PORT",
            description = "Also serve pyqcc's 'tcpudp' on PORT: commands on TCP, data as UDP to the host's --udp-port.")
    Integer tcpudp;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "54936",
            description = "The host's UDP data port for --tcpudp (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the TCP ports listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--blank",
            description = "A fresh DIR becomes an unprovisioned device: no certificate until one is programmed.")
    boolean blank;

    @Option(names = "--serial", paramLabel = "QCnnnnnnnnnn",
            description = "Serial number of a new device (ignored when DIR holds one).")
    String serial;

    @Option(names = "--fault", paramLabel = "KEY=VALUE",
            description = "A fault from the start, in the control file's syntax (repeatable), e.g. repetition_count=on, "
                    + "voltage=low, startup_test_ms=2000, one_shot_policy=nack, firmware_verification=fail, silent=on.")
    List<String> faultOptions = new ArrayList<>();

    @Option(names = "--certificate-code", paramLabel = "CODE", defaultValue = "0xFA",
            description = "Command code of SET_DEV_CERTIFICATE, unpublished (default: ${DEFAULT-VALUE}).")
    String certificateCode;

    @Option(names = {"-q", "--quiet"}, description = "Do not log events (hosts connecting, control file changes).")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        QcicadaEmulator emu = null;
        try {
            if (pty == null && tcp == null && tcpudp == null) {
                throw new IllegalArgumentException("nothing to serve: give --pty LINK, --tcp PORT and/or --tcpudp PORT");
            }
            QcicadaEmulator.Builder b = QcicadaEmulator.builder()
                    .stateDir(state != null ? state : defaultState())
                    .rate(EmulatorRate.parse(rate))
                    .blank(blank)
                    .faults(faults())
                    .certificateCommandCode(code(certificateCode))
                    .bindAddress(address(bind));
            if (serial != null) {
                b.serialNumber(serial);
            }
            if (!quiet) {
                b.log(m -> {
                    err.println("qcicada: " + m);
                    err.flush();
                });
            }
            emu = b.build();
            print(emu);
            return ServeUntilStopped.await(emu);
        } catch (Exception e) {
            if (emu != null) {
                emu.close();
            }
            err.println(NAME + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            err.flush();
            return e instanceof IllegalArgumentException ? 2 : 1;
        }
    }

    private void print(QcicadaEmulator emu) throws Exception {
        DeviceInfo info = emu.info();
        PrintWriter out = spec.commandLine().getOut();
        out.println("QCicada emulator " + info.serial() + " (" + info.hwInfo() + ", firmware "
                + DeviceInfo.version(info.firmwareVersion()) + "), rate " + emu.rate() + ", state " + emu.stateDir());
        if (pty != null) {
            Path slave = emu.servePty(pty);
            out.println("  serial  " + pty.toAbsolutePath() + " -> " + java.nio.file.Files.readSymbolicLink(slave)
                    + "  (1,000,000 baud 8N1)");
        }
        if (tcp != null) {
            out.println("  tcp     " + bind + ":" + emu.serveTcp(tcp));
        }
        if (tcpudp != null) {
            out.println("  tcpudp  " + bind + ":" + emu.serveTcpUdp(tcpudp, udpPort) + "  (data to the host's UDP port "
                    + udpPort + ")");
        }
        var att = emu.attestation();
        out.println("  device  certificate " + (att.isProgrammed() ? "programmed" : "not programmed (blank device)")
                + att.oemCaPublicKeyPem().map(p -> ", OEM CA public key " + p).orElse(""));
        out.println("  faults  edit " + emu.controlFile() + " to inject (docs/qrng-emulator.md)");
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    private FaultSettings faults() {
        FaultSettings s = FaultSettings.NONE;
        for (String f : faultOptions) {
            try {
                s = ControlFile.parse(f, s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fault " + f + ": " + e.getMessage().replaceFirst("^line 1 ", ""));
            }
        }
        return s;
    }

    private static int code(String s) {
        try {
            String v = s.strip().toLowerCase(java.util.Locale.ROOT);
            return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--certificate-code " + s + " is not a number (e.g. 0xFA)");
        }
    }

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + s + ": unknown address");
        }
    }

    static Path defaultState() {
        return Path.of(System.getProperty("user.home"), ".pqrstuv", "qcicada");
    }
}
