package io.pqrstuv.testkit.tap;

import java.util.Arrays;

/** A growable byte list that is wiped whenever it is emptied (relayed frames may hold secrets). */
final class WipingBytes {
    private byte[] bytes = new byte[256];
    private int size;

    void add(byte b) {
        if (size == bytes.length) {
            byte[] bigger = Arrays.copyOf(bytes, size * 2);
            Arrays.fill(bytes, (byte) 0);
            bytes = bigger;
        }
        bytes[size++] = b;
    }

    void addAll(WipingBytes other) {
        for (int i = 0; i < other.size; i++) {
            add(other.bytes[i]);
        }
    }

    /** Moves the first {@code n} bytes to {@code to}, keeping the rest in order. */
    void moveFirst(int n, WipingBytes to) {
        for (int i = 0; i < n; i++) {
            to.add(bytes[i]);
        }
        System.arraycopy(bytes, n, bytes, 0, size - n);
        Arrays.fill(bytes, size - n, size, (byte) 0);
        size -= n;
    }

    void xor(int index, byte mask) {
        bytes[index] ^= mask;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        Arrays.fill(bytes, 0, size, (byte) 0);
        size = 0;
    }
}
