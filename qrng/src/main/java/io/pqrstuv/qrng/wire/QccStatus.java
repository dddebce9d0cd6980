package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * The 5-byte status sent after every ACK (notes §1.3): a flag byte (LSB first) and
 * {@code u32 ready_bytes}.
 *
 * @param initialized               b0: the generator is up ({@code started} in pyqcc)
 * @param startupTestInProgress     b1: the startup health test has not finished
 * @param voltageLow                b2: light-source auto-calibration failure, QOM voltage too low
 * @param voltageHigh               b3: … too high
 * @param voltageUndefined          b4: the QOM voltage oscillates beyond auto-calibration control
 * @param bitCountFailure           b5: the bit-count (1s/0s balance) health test is failing
 * @param repetitionCountFailure    b6: the SP 800-90B repetition count test is failing
 * @param adaptiveProportionFailure b7: the SP 800-90B adaptive proportion test is failing
 * @param readyBytes                bytes buffered and ready to send now (u32)
 */
public record QccStatus(
        boolean initialized,
        boolean startupTestInProgress,
        boolean voltageLow,
        boolean voltageHigh,
        boolean voltageUndefined,
        boolean bitCountFailure,
        boolean repetitionCountFailure,
        boolean adaptiveProportionFailure,
        long readyBytes) {

    public QccStatus {
        Le.requireU32("ready_bytes", readyBytes);
    }

    /** Decodes exactly {@link Codes#STATUS_LENGTH} bytes. */
    public static QccStatus decode(byte[] payload) throws QccProtocolException {
        if (payload.length != Codes.STATUS_LENGTH) {
            throw new QccProtocolException("status must be " + Codes.STATUS_LENGTH + " bytes, got " + payload.length);
        }
        return decode(payload, 0);
    }

    /** Decodes the 5 bytes at {@code off}. Every bit pattern is a valid status. */
    public static QccStatus decode(byte[] b, int off) {
        int f = b[off] & 0xFF;
        return new QccStatus((f & 1) != 0, (f & 2) != 0, (f & 4) != 0, (f & 8) != 0, (f & 16) != 0,
                (f & 32) != 0, (f & 64) != 0, (f & 128) != 0, Le.u32(b, off + 1));
    }

    public byte flags() {
        int f = (initialized ? 1 : 0) | (startupTestInProgress ? 2 : 0) | (voltageLow ? 4 : 0) | (voltageHigh ? 8 : 0)
                | (voltageUndefined ? 16 : 0) | (bitCountFailure ? 32 : 0) | (repetitionCountFailure ? 64 : 0)
                | (adaptiveProportionFailure ? 128 : 0);
        return (byte) f;
    }

    public byte[] encode() {
        byte[] b = new byte[Codes.STATUS_LENGTH];
        b[0] = flags();
        Le.put32(b, 1, readyBytes);
        return b;
    }

    /** True when any health test reports a failure. */
    public boolean healthTestFailure() {
        return bitCountFailure || repetitionCountFailure || adaptiveProportionFailure;
    }

    /** True when the supply monitor reports a problem. */
    public boolean voltageFailure() {
        return voltageLow || voltageHigh || voltageUndefined;
    }

    /** True when the device can be trusted to produce random data now: initialized, startup test done, no failure. */
    public boolean healthy() {
        return problems().isEmpty();
    }

    /** Why the device is not {@link #healthy()}, in words, one entry per flag; empty when healthy. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (!initialized) {
            p.add("not initialized");
        }
        if (startupTestInProgress) {
            p.add("startup test in progress");
        }
        if (voltageLow) {
            p.add("light-source voltage too low");
        }
        if (voltageHigh) {
            p.add("light-source voltage too high");
        }
        if (voltageUndefined) {
            p.add("light-source voltage undefined (oscillating)");
        }
        if (bitCountFailure) {
            p.add("bit-count health test failure");
        }
        if (repetitionCountFailure) {
            p.add("repetition-count health test failure");
        }
        if (adaptiveProportionFailure) {
            p.add("adaptive-proportion health test failure");
        }
        return List.copyOf(p);
    }
}
