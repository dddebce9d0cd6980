package io.pqrstuv.testkit.memory;

import java.util.Objects;

/**
 * One byte pattern a secret value leaves in memory: {@code value} names the secret ("secret",
 * "P-256 d"), {@code form} how it is written ("raw", "hex", "base64url@1", …).
 */
public record Needle(String value, String form, byte[] pattern) {
    public Needle {
        Objects.requireNonNull(value);
        Objects.requireNonNull(form);
        if (pattern.length < 8) {
            throw new IllegalArgumentException("a pattern shorter than 8 bytes would match by chance");
        }
        pattern = pattern.clone();
    }

    @Override
    public byte[] pattern() {
        return pattern.clone();
    }

    byte[] bytes() {
        return pattern;
    }

    @Override
    public String toString() {
        return value + " (" + form + ")";
    }
}
