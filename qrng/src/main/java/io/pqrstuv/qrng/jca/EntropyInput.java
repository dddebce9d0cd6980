package io.pqrstuv.qrng.jca;

import java.io.IOException;

/**
 * Where a QRNG-seeded DRBG takes its entropy input from: one-shot reads of a {@link
 * io.pqrstuv.qrng.QccDevice}, verified signed reads of a QCicada, or anything else that fills a
 * buffer with full-entropy bytes or fails. Implementations refuse (throw) rather than return
 * doubtful bytes.
 */
public interface EntropyInput {
    /** Fills {@code out} completely with entropy, or throws. */
    void read(byte[] out) throws IOException;

    /** For messages and banners, e.g. {@code QCicada QC0000000217 one-shot reads}. */
    String describe();
}
