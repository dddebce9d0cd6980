package io.pqrstuv.qrng.jca;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.prng.SP800SecureRandom;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * An SP 800-90A Hash_DRBG (SHA-512, 256-bit security strength; Bouncy Castle's
 * {@link SP800SecureRandomBuilder}, hashing with the JDK's SHA-512) seeded and reseeded from a QRNG. The QRNG output is entropy
 * input, never output. On top of Bouncy Castle it adds:
 * <ul>
 *   <li>a {@link HealthGate}: no output while the device reports a failure, and a reseed on the
 *       first request after the device recovers;</li>
 *   <li>a reseed every {@code reseedInterval} generate requests (default 2<sup>16</sup>, far below
 *       SP 800-90A's 2<sup>48</sup>);</li>
 *   <li>requests of any size, split into Bouncy Castle's maximum of 32 KiB per generate call.</li>
 * </ul>
 * Build one with {@link #builder(EntropyInput)}; the JCA name is {@code QRNG-DRBG} ({@link QrngProvider}).
 */
public final class QrngDrbg extends SecureRandom {
    /** Bouncy Castle's Hash_DRBG takes at most 2^18 bits per generate call. */
    static final int MAX_REQUEST = 1 << 15;

    private final transient Spi spi;

    private QrngDrbg(Spi spi) {
        super(spi, QrngProvider.INFO);
        this.spi = spi;
    }

    public static Builder builder(EntropyInput input) {
        return new Builder(input);
    }

    /** Builder; every setting has a secure default. */
    public static final class Builder {
        private final EntropyInput input;
        private SecureRandom mixWith;
        private HealthGate gate;
        private long reseedInterval = 1L << 16;
        private boolean predictionResistant;
        private byte[] personalization = "pqrstuv QRNG-DRBG".getBytes(StandardCharsets.US_ASCII);

        private Builder(EntropyInput input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        /** Appends bytes of {@code random} (e.g. the OS DRBG) to every entropy input. */
        public Builder mixWith(SecureRandom random) {
            this.mixWith = random;
            return this;
        }

        /** Checks the device before each request (see {@link HealthGate}). Without one, only entropy reads are checked. */
        public Builder healthGate(HealthGate gate) {
            this.gate = gate;
            return this;
        }

        /** Generate requests between reseeds, 1..2^48. */
        public Builder reseedInterval(long requests) {
            if (requests < 1 || requests > 1L << 48) {
                throw new IllegalArgumentException("reseed interval must be 1..2^48 requests");
            }
            this.reseedInterval = requests;
            return this;
        }

        /** Reseeds from the QRNG on every request: as slow as the device, but each output depends on fresh entropy. */
        public Builder predictionResistant(boolean on) {
            this.predictionResistant = on;
            return this;
        }

        public Builder personalization(byte[] p) {
            this.personalization = p.clone();
            return this;
        }

        /**
         * Instantiates the DRBG: checks the device (health and SHA-256 conditioning when a gate is
         * set) and reads the first seed; throws {@link QrngUnavailableException} if it cannot.
         */
        public QrngDrbg build() {
            if (gate != null) {
                gate.check();
                gate.requireConditionedOutput();
            }
            QrngEntropySourceProvider source = new QrngEntropySourceProvider(input, mixWith);
            // The nonce: 128 bits from the QRNG too, plus the time, so two instances never share one.
            byte[] q = new byte[16];
            try {
                input.read(q);
            } catch (java.io.IOException e) {
                throw new QrngUnavailableException("QRNG entropy input failed (" + input.describe() + "): "
                        + e.getMessage(), e);
            }
            byte[] nonce = ByteBuffer.allocate(24).put(q).putLong(System.nanoTime()).array();
            Arrays.fill(q, (byte) 0);
            SP800SecureRandom drbg = new SP800SecureRandomBuilder(source)
                    .setPersonalizationString(personalization)
                    .setSecurityStrength(256)
                    .setEntropyBitsRequired(256)
                    .buildHash(new JdkSha512(), nonce, predictionResistant);
            drbg.nextBytes(new byte[0]); // instantiate now (reads the seed), not on the first request
            Arrays.fill(nonce, (byte) 0);
            return new QrngDrbg(new Spi(drbg, gate, reseedInterval, predictionResistant,
                    "Hash_DRBG(SHA-512, 256) seeded from " + input.describe() + (mixWith != null ? " + host DRBG" : "")));
        }
    }

    /** Reseeds now from the QRNG ({@code additionalInput} may be null). */
    public void reseed(byte[] additionalInput) {
        spi.reseed(additionalInput);
    }

    @Override
    public String getAlgorithm() {
        return "QRNG-DRBG";
    }

    Spi spi() {
        return spi;
    }

    public boolean predictionResistant() {
        return spi.predictionResistant;
    }

    @Override
    public String toString() {
        return spi.toString();
    }

    /** The DRBG as a JCA SPI (also what {@link QrngProvider} hands out). */
    static final class Spi extends java.security.SecureRandomSpi {
        private final SP800SecureRandom drbg;
        private final HealthGate gate;
        private final long reseedInterval;
        private final boolean predictionResistant;
        private final String description;
        private long requestsSinceReseed;

        Spi(SP800SecureRandom drbg, HealthGate gate, long reseedInterval, boolean predictionResistant, String description) {
            this.drbg = drbg;
            this.gate = gate;
            this.reseedInterval = reseedInterval;
            this.predictionResistant = predictionResistant;
            this.description = description;
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            if (gate != null && gate.check()) {
                drbg.reseed((byte[]) null); // first request after a failure: fresh entropy before any output
                requestsSinceReseed = 0;
            }
            int off = 0;
            do {
                if (requestsSinceReseed >= reseedInterval) {
                    drbg.reseed((byte[]) null);
                    requestsSinceReseed = 0;
                }
                int len = Math.min(MAX_REQUEST, bytes.length - off);
                if (off == 0 && len == bytes.length) {
                    drbg.nextBytes(bytes);
                } else {
                    byte[] part = new byte[len];
                    drbg.nextBytes(part);
                    System.arraycopy(part, 0, bytes, off, len);
                    Arrays.fill(part, (byte) 0);
                }
                requestsSinceReseed++;
                off += len;
            } while (off < bytes.length);
        }

        synchronized void reseed(byte[] additionalInput) {
            if (gate != null) {
                gate.check();
            }
            drbg.reseed(additionalInput);
            requestsSinceReseed = 0;
        }

        @Override
        protected void engineReseed(java.security.SecureRandomParameters params) {
            byte[] additional = params instanceof java.security.DrbgParameters.Reseed r ? r.getAdditionalInput() : null;
            reseed(additional);
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // Caller seed material is mixed in as additional input, never a replacement for the QRNG.
            drbg.setSeed(seed);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }

        @Override
        public String toString() {
            return description + ", reseed every " + reseedInterval + " requests"
                    + (predictionResistant ? ", prediction resistance" : "");
        }
    }
}
