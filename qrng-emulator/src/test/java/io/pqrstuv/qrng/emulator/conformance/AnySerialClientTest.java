package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fazecast.jSerialComm.SerialPort;
import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** "Any serial client": jSerialComm (the host library's transport) and pyserial (the SDK's) open the pty. */
class AnySerialClientTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static byte[] read(SerialPort p, int n, long timeoutMillis) {
        byte[] b = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (got < n && System.nanoTime() < deadline) {
            int r = p.readBytes(b, n - got, got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        assertThat(got).as("bytes within " + timeoutMillis + " ms").isEqualTo(n);
        return b;
    }

    @Test
    void jSerialCommOpensThePtyAt1000000BaudAndTalks() throws Exception {
        try (Target t = Target.start(EmulatorRate.unlimited())) {
            SerialPort p = SerialPort.getCommPort(t.tty().toString());
            p.setComPortParameters(1_000_000, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
            assertThat(p.openPort()).as("jSerialComm opens " + t.tty()).isTrue();
            try {
                assertThat(p.getBaudRate()).isEqualTo(1_000_000);
                p.flushIOBuffers();
                p.writeBytes(new byte[] {0x05}, 1);
                Thread.sleep(500);
                p.flushIOBuffers();
                p.writeBytes(new byte[] {0x01}, 1);
                assertThat(read(p, 6, 3000)[0]).isEqualTo((byte) 0x11);
                p.writeBytes(new byte[] {0x04, 0x01, 0x00, 0x10}, 4);
                assertThat(read(p, 6 + 4096, 3000)[0]).isEqualTo((byte) 0x11);
                p.writeBytes(new byte[] {0x04, 0x00, 0x00, 0x00}, 4);
                read(p, 6 + 50_000, 5000);
                p.writeBytes(new byte[] {0x05}, 1);
                ByteArrayOutputStream tail = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int quiet = 0;
                while (quiet < 3) { // three 200-ms reads with nothing: silent
                    int n = p.readBytes(buf, buf.length);
                    if (n > 0) {
                        tail.write(buf, 0, n);
                        quiet = 0;
                    } else {
                        quiet++;
                    }
                }
                byte[] tb = tail.toByteArray();
                assertThat(tb[tb.length - 6]).isEqualTo((byte) 0x11);
            } finally {
                p.closePort();
            }
        }
    }

    /** pyserial running the SDK's open sequence and a one-shot (notes §2, §5.1), as a separate process. */
    @Test
    void pyserialDoesTheSdkOpenSequenceAndAOneShot() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && new ProcessBuilder(PYTHON.toString(), "-c", "import serial")
                .start().waitFor() == 0, "needs /usr/bin/python3 with python3-serial (installed by .ci/run)");
        String script = """
                import serial, sys, time
                s = serial.Serial(sys.argv[1], 1000000, timeout=0.5, write_timeout=1)
                s.write(b'\\x05'); time.sleep(0.5)
                while s.read(4096): pass
                s.reset_input_buffer(); time.sleep(0.1)
                s.write(b'\\x01'); st = s.read(6)
                assert st[0] == 0x11 and st[1] & 1, st.hex()
                ready = int.from_bytes(st[2:6], 'little')
                n = 13440
                s.write(bytes([4, 1]) + n.to_bytes(2, 'little'))
                head = s.read(6); assert head[0] == 0x11, head.hex()
                s.timeout = 0.5 + 0.0001 * n
                t0 = time.monotonic(); data = s.read(n); took = time.monotonic() - t0
                assert len(data) == n, len(data)
                assert data != bytes(n)
                s.timeout = 0.3
                assert s.read(1) == b''
                print('ok', ready, len(data), round(took, 3))
                """;
        try (Target t = Target.start(io.pqrstuv.qrng.emulator.QcicadaEmulator.builder())) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", script, t.tty().toString())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).startsWith("ok ");
        }
    }
}
