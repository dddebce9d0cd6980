package io.pqrstuv.operation.mitm;

import io.pqrstuv.operation.icp.ReplyTimeouts;
import io.pqrstuv.operation.support.EcpTestClient;
import io.pqrstuv.operation.support.TestDevice;
import io.pqrstuv.testkit.pty.SocatPtyPair;
import io.pqrstuv.testkit.tap.IcpTap;
import io.pqrstuv.testkit.tap.TapRecording;
import java.time.Duration;

/**
 * The real storage module (vault {@code memory}) and the real operation module (HTTPS, TLS 1.3),
 * each on its own socat pty opened as a serial port, with an {@link IcpTap} relaying between the
 * two ptys at the full pty rate (no pacing), started by {@link TestDevice} ({@link TestDevice.Wiring#TAP}):
 *
 * <pre>
 *   HTTPS client ── operation module ── pty A ── IcpTap ── pty B ── storage module
 * </pre>
 *
 * The tests see the device only through HTTPS and the tap's recording.
 */
final class MitmDevice implements AutoCloseable {
    private final TestDevice device;
    private final IcpTap tap;

    private MitmDevice(TestDevice device) {
        this.device = device;
        this.tap = device.icpTap().orElseThrow();
    }

    /** True if a {@code socat} executable is on the PATH (the tap's ptys need it). */
    static boolean socatAvailable() {
        return SocatPtyPair.available();
    }

    /** Starts both modules behind a fresh tap; the operation module waits {@code timeouts} for replies. */
    static MitmDevice start(ReplyTimeouts timeouts) throws Exception {
        return new MitmDevice(TestDevice.builder().wiring(TestDevice.Wiring.TAP).vault("memory").replyTimeouts(timeouts).start());
    }

    IcpTap tap() {
        return tap;
    }

    TapRecording recording() {
        return tap.recording();
    }

    /** A client that trusts only the certificate this operation module serves. */
    EcpTestClient client() throws Exception {
        return device.client();
    }

    /**
     * Waits until every request the tap has seen so far has its response (or {@code timeout}
     * passes), then forgets the recording and any unspent fault: a clean slate for the next check.
     */
    void quiesce(Duration timeout) throws Exception {
        tap.clearFaults();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recording().responses().size() < recording().requests().size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        recording().clear();
    }

    /** Whether the storage module's server thread is still serving (it stops only on a link failure). */
    boolean storageRunning() {
        return device.storageModule().orElseThrow().isRunning();
    }

    @Override
    public void close() throws Exception {
        device.close();
    }
}
