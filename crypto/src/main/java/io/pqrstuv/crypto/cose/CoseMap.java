package io.pqrstuv.crypto.cose;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.security.auth.Destroyable;

/**
 * A COSE_Key as the profile uses it: integer labels mapped to integers or byte strings.
 * Owns its byte arrays; {@link #destroy()} zeroizes them. toString never shows values.
 */
public final class CoseMap implements Destroyable, AutoCloseable {
    private final TreeMap<Integer, Object> entries = new TreeMap<>();
    private boolean destroyed;

    /** Puts an integer value. */
    public CoseMap put(int label, long value) {
        entries.put(label, value);
        return this;
    }

    /** Puts a byte string, taking ownership of {@code value} (no copy). */
    public CoseMap put(int label, byte[] value) {
        entries.put(label, value);
        return this;
    }

    /** Marks a label whose value is neither an integer nor a byte string (decoder only). */
    void putUnsupported(int label) {
        entries.put(label, Unsupported.VALUE);
    }

    /** True if some label holds a value of a type the profile never uses. */
    public boolean hasUnsupported() {
        return entries.containsValue(Unsupported.VALUE);
    }

    private enum Unsupported { VALUE }

    public boolean has(int label) {
        return entries.containsKey(label);
    }

    public Optional<Long> integer(int label) {
        return entries.get(label) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** The byte string at {@code label} itself (not a copy), or empty if absent or not a byte string. */
    public Optional<byte[]> bytes(int label) {
        return entries.get(label) instanceof byte[] b ? Optional.of(b) : Optional.empty();
    }

    /** A byte string known to be present (validated before). */
    public byte[] requireBytes(int label) {
        return bytes(label).orElseThrow(() -> new IllegalStateException("label " + label + " is not a byte string"));
    }

    Map<Integer, Object> entries() {
        return entries;
    }

    /** A copy holding only {@code labels} (byte strings are copied). */
    public CoseMap select(int... labels) {
        CoseMap out = new CoseMap();
        for (int label : labels) {
            Object v = entries.get(label);
            if (v instanceof byte[] b) {
                out.put(label, b.clone());
            } else if (v instanceof Long l) {
                out.put(label, l);
            }
        }
        return out;
    }

    public java.util.Set<Integer> labels() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    @Override
    public void destroy() {
        for (Object v : entries.values()) {
            if (v instanceof byte[] b) {
                Arrays.fill(b, (byte) 0);
            }
        }
        entries.clear();
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "CoseMap" + entries.keySet();
    }
}
