package io.pqrstuv.qrng.wire;

import io.pqrstuv.qrng.error.QccProtocolException;
import java.util.Locale;

/** Config byte 0: what the device does to the noise before sending it (notes §1.3). */
public enum Postprocess {
    /** NIST-approved SHA-256 conditioning: full-entropy output. */
    SHA256(0),
    /** Data after the "senscap" stage, not post-processed. */
    RAW_NOISE(1),
    /** Full raw samples from "sensif". */
    RAW_SAMPLES(2);

    private final int code;

    Postprocess(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Postprocess ofCode(int code) throws QccProtocolException {
        for (Postprocess p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new QccProtocolException("config postprocess " + code + " is not one of 0 (sha256), 1 (raw-noise), 2 (raw-samples)");
    }

    /** The CLI spelling: {@code sha256}, {@code raw-noise}, {@code raw-samples}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the CLI spelling (case-insensitive, {@code _} or {@code -}, or the number). */
    public static Postprocess parse(String s) {
        String n = s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Postprocess p : values()) {
            if (p.cliName().equals(n) || String.valueOf(p.code).equals(n)) {
                return p;
            }
        }
        if (n.equals("raw")) {
            return RAW_NOISE;
        }
        throw new IllegalArgumentException("postprocess must be sha256, raw-noise or raw-samples, got '" + s + "'");
    }
}
