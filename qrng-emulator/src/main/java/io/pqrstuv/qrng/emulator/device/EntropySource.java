package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.wire.DeviceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The emulated noise source and post-processing. The "noise" is the operating system's entropy
 * source ({@code /dev/urandom}, read directly; a {@link SecureRandom} elsewhere); the output follows
 * the configuration's {@code postprocess}:
 * <ul>
 * <li>SHA256: each 32-byte output block is SHA-256 over {@code hash_input_size} noise bytes, like the
 * device's conditioning, so tests can run statistical checks on it;</li>
 * <li>RAW_NOISE: noise bytes as they come;</li>
 * <li>RAW_SAMPLES: u16 little-endian "samples" scattered around the auto-calibration target (the sum of
 * four noise bytes), so they look like ADC readings rather than uniform data.</li>
 * </ul>
 * Not thread-safe: {@link Device} guards it.
 */
final class EntropySource implements AutoCloseable {
    private static final Path URANDOM = Path.of("/dev/urandom");
    private final InputStream urandom;
    private final SecureRandom fallback;
    private final MessageDigest sha256;
    private final byte[] noise = new byte[64 * 1024];
    private int noisePos = noise.length;
    private final byte[] block = new byte[32];
    private int blockPos = block.length;
    private int pendingHighByte = -1;

    EntropySource() {
        InputStream in = null;
        if (Files.isReadable(URANDOM)) {
            try {
                in = Files.newInputStream(URANDOM);
            } catch (IOException e) {
                in = null;
            }
        }
        this.urandom = in;
        this.fallback = in == null ? new SecureRandom() : null;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Fills {@code out[off, off+len)} with output for {@code config}. */
    void fill(DeviceConfig config, byte[] out, int off, int len) {
        switch (config.postprocess()) {
            case SHA256 -> conditioned(config.hashInputSize(), out, off, len);
            case RAW_NOISE -> noise(out, off, len);
            case RAW_SAMPLES -> samples(config.autocalibrationTarget(), out, off, len);
        }
    }

    private void conditioned(int hashInputSize, byte[] out, int off, int len) {
        int end = off + len;
        while (off < end) {
            if (blockPos == block.length) {
                if (end - off >= block.length) {
                    hashInto(hashInputSize, out, off);
                    off += block.length;
                    continue;
                }
                hashInto(hashInputSize, block, 0);
                blockPos = 0;
            }
            int n = Math.min(end - off, block.length - blockPos);
            System.arraycopy(block, blockPos, out, off, n);
            Arrays.fill(block, blockPos, blockPos + n, (byte) 0);
            blockPos += n;
            off += n;
        }
    }

    private void hashInto(int hashInputSize, byte[] out, int at) {
        int left = hashInputSize;
        while (left > 0) {
            ensureNoise();
            int n = Math.min(left, noise.length - noisePos);
            sha256.update(noise, noisePos, n);
            Arrays.fill(noise, noisePos, noisePos + n, (byte) 0);
            noisePos += n;
            left -= n;
        }
        try {
            sha256.digest(out, at, 32);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private void noise(byte[] out, int off, int len) {
        int end = off + len;
        while (off < end) {
            ensureNoise();
            int n = Math.min(end - off, noise.length - noisePos);
            System.arraycopy(noise, noisePos, out, off, n);
            Arrays.fill(noise, noisePos, noisePos + n, (byte) 0);
            noisePos += n;
            off += n;
        }
    }

    private void samples(int target, byte[] out, int off, int len) {
        int end = off + len;
        int i = off;
        if (i < end && pendingHighByte >= 0) {
            // the second half of a sample split across two reads: the stream stays u16-aligned
            out[i++] = (byte) pendingHighByte;
            pendingHighByte = -1;
        }
        byte[] four = new byte[4];
        int center = Math.max(510, Math.min(target, 0xFFFF - 510));
        for (; i < end; i += 2) {
            noise(four, 0, 4);
            int v = center - 510 + (four[0] & 0xFF) + (four[1] & 0xFF) + (four[2] & 0xFF) + (four[3] & 0xFF);
            out[i] = (byte) v;
            if (i + 1 < end) {
                out[i + 1] = (byte) (v >>> 8);
            } else {
                pendingHighByte = (v >>> 8) & 0xFF;
            }
        }
        java.util.Arrays.fill(four, (byte) 0);
    }

    /** Forgets partial output (a new configuration, a reset): the next byte starts a new block or sample. */
    void restart() {
        Arrays.fill(block, (byte) 0);
        blockPos = block.length;
        pendingHighByte = -1;
    }

    private void ensureNoise() {
        if (noisePos < noise.length) {
            return;
        }
        if (urandom != null) {
            try {
                int got = 0;
                while (got < noise.length) {
                    int n = urandom.read(noise, got, noise.length - got);
                    if (n < 0) {
                        throw new IOException("end of " + URANDOM);
                    }
                    got += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the OS entropy source " + URANDOM, e);
            }
        } else {
            fallback.nextBytes(noise);
        }
        noisePos = 0;
    }

    @Override
    public void close() {
        Arrays.fill(noise, (byte) 0);
        Arrays.fill(block, (byte) 0);
        sha256.reset();
        if (urandom != null) {
            try {
                urandom.close();
            } catch (IOException ignored) {
                // closing a read-only device file
            }
        }
    }
}
