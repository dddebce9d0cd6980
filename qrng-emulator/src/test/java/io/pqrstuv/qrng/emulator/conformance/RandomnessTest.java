package io.pqrstuv.qrng.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.qrng.emulator.EmulatorRate;
import io.pqrstuv.qrng.emulator.Target;
import io.pqrstuv.qrng.emulator.link.RawTty;
import org.junit.jupiter.api.Test;

/**
 * The output is SHA-256-conditioned OS entropy, so statistical checks pass on it: NIST SP 800-22's
 * frequency (monobit) and runs tests on 1 MB read from the continuous stream, at the 1 % level.
 */
class RandomnessTest {
    @Test
    void oneMegabyteOfTheStreamPassesMonobitAndRuns() throws Exception {
        byte[] data;
        try (Target t = Target.start(EmulatorRate.unlimited()); RawTty tty = t.open()) {
            tty.sdkOpen();
            tty.write(new byte[] {0x04, 0x00, 0x00, 0x00});
            tty.readExactly(6, 3000);
            data = tty.readExactly(1 << 20, 30_000);
            tty.stopAndDrain();
        }
        long n = data.length * 8L;
        long ones = 0;
        for (byte b : data) {
            ones += Integer.bitCount(b & 0xFF);
        }
        double sObs = Math.abs(2.0 * ones - n) / Math.sqrt(n);
        double pMonobit = erfc(sObs / Math.sqrt(2));
        assertThat(pMonobit).as("monobit p-value").isGreaterThan(ALPHA);

        double pi = ones / (double) n;
        long runs = 1;
        int prev = data[0] & 1;
        for (long i = 1; i < n; i++) {
            int bit = (data[(int) (i >>> 3)] >>> (i & 7)) & 1;
            if (bit != prev) {
                runs++;
            }
            prev = bit;
        }
        double pRuns = erfc(Math.abs(runs - 2.0 * n * pi * (1 - pi)) / (2 * Math.sqrt(2.0 * n) * pi * (1 - pi)));
        assertThat(pRuns).as("runs p-value").isGreaterThan(ALPHA);
    }

    /**
     * Rejection level. SP 800-22 suggests 0.01 for a one-off assessment, but a test run on every build
     * at that level fails 1 build in 50 per statistic on a perfect source. At 1e-6 a good source fails
     * about once in a million builds, while a real defect still fails at once: a 0.5 % bias over these
     * 8 Mbit gives a monobit p-value below 1e-100, stuck or repeating output is far beyond either test.
     */
    static final double ALPHA = 1e-6;

    /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
