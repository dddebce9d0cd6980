package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import io.pqrstuv.cryptnox.emulator.crypto.ExtendedKey;
import io.pqrstuv.cryptnox.emulator.crypto.Slip10;
import java.util.Arrays;

/**
 * One key tree of the card (k1 or r1): its master node and the current key's path. The current
 * key and its parent are re-derived from the master when needed (the real card caches them; the
 * result is the same and the state file stays small). The parent is valid whenever the current
 * key is not the master (the card caches only the immediate parent).
 */
final class KeyTree {
    final Curve curve;
    final byte[] masterKey;
    /** Null for a bare key pair (key source 'K'): no derivation. */
    final byte[] masterChainCode;
    int[] currentPath = new int[0];

    KeyTree(Curve curve, byte[] masterKey, byte[] masterChainCode) {
        this.curve = curve;
        this.masterKey = masterKey;
        this.masterChainCode = masterChainCode;
    }

    static KeyTree fromSeed(Curve curve, byte[] seed) {
        ExtendedKey m = Slip10.master(curve, seed);
        KeyTree t = new KeyTree(curve, m.privateKey(), m.chainCode());
        m.wipe();
        return t;
    }

    ExtendedKey master() {
        return ExtendedKey.master(curve, masterKey, masterChainCode);
    }

    boolean derivable() {
        return masterChainCode != null;
    }

    /** The node at an absolute path (a fresh copy the caller wipes). */
    ExtendedKey at(int[] path) {
        ExtendedKey m = master();
        if (path.length == 0) {
            return m;
        }
        ExtendedKey node = Slip10.derive(m, path);
        m.wipe();
        return node;
    }

    ExtendedKey current() {
        return at(currentPath);
    }

    KeyTree copy() {
        KeyTree t = new KeyTree(curve, masterKey.clone(), masterChainCode == null ? null : masterChainCode.clone());
        t.currentPath = currentPath.clone();
        return t;
    }

    void wipe() {
        Arrays.fill(masterKey, (byte) 0);
        if (masterChainCode != null) {
            Arrays.fill(masterChainCode, (byte) 0);
        }
    }
}
