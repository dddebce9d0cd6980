package io.pqrstuv.qrng.testing;

/**
 * NIST SP 800-22 rev. 1a §2.1 (frequency/monobit) and §2.3 (runs) on a bit sequence, MSB first.
 * A p-value below 0.01 rejects randomness at the 1 % level.
 */
public final class RandomnessTests {
    /**
     * Rejection level for tests that run on every build. At SP 800-22's 0.01 a perfect source fails 1
     * build in 50 per statistic; at 1e-6 about one in a million, while a real defect (a 0.5 % bias on
     * 1 MB gives p below 1e-100; stuck or repeated output) still fails at once.
     */
    public static final double CI_ALPHA = 1e-6;

    private RandomnessTests() {
    }

    public record Result(String test, long n, double statistic, double pValue) {
    }

    public static Result monobit(byte[] data) {
        long n = data.length * 8L;
        long ones = 0;
        for (byte b : data) {
            ones += Integer.bitCount(b & 0xFF);
        }
        long s = 2 * ones - n;
        double sObs = Math.abs(s) / Math.sqrt(n);
        return new Result("monobit", n, sObs, erfc(sObs / Math.sqrt(2)));
    }

    public static Result runs(byte[] data) {
        long n = data.length * 8L;
        long ones = 0;
        for (byte b : data) {
            ones += Integer.bitCount(b & 0xFF);
        }
        double pi = (double) ones / n;
        if (Math.abs(pi - 0.5) >= 2 / Math.sqrt(n)) {
            return new Result("runs (frequency prerequisite failed)", n, pi, 0.0);
        }
        long v = 1;
        int prev = bit(data, 0);
        for (long i = 1; i < n; i++) {
            int b = bit(data, i);
            if (b != prev) {
                v++;
            }
            prev = b;
        }
        double num = Math.abs(v - 2.0 * n * pi * (1 - pi));
        double den = 2 * Math.sqrt(2.0 * n) * pi * (1 - pi);
        return new Result("runs", n, v, erfc(num / den));
    }

    private static int bit(byte[] d, long i) {
        return (d[(int) (i >>> 3)] >>> (7 - (int) (i & 7))) & 1;
    }

    /** Complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
