package io.pqrstuv.storage.store;

import io.pqrstuv.storage.persist.StorageException;
import java.nio.charset.StandardCharsets;

/**
 * The store's commit record: which generation of each root-of-trust key, and so which record
 * set, is current. Rewritten atomically; replacing it is the commit point of a reset. Holds
 * nothing but two small counters that only resets advance (never per-key data).
 */
record StoreManifest(int keyStoreGeneration, int secretGeneration) {
    static final String FILE = "MANIFEST";
    private static final String MAGIC = "pqrstuv-store 1";

    StoreManifest {
        if (keyStoreGeneration < 1 || secretGeneration < 1) {
            throw new IllegalArgumentException("generations start at 1");
        }
    }

    /** The authenticated part of the file. */
    String body() {
        return MAGIC + "\nkeystore " + keyStoreGeneration + "\nsecret " + secretGeneration + "\n";
    }

    /** Associated data of the manifest's GMAC under the key-store key. */
    byte[] aad() {
        return ("pqrstuv/manifest/v1\n" + body()).getBytes(StandardCharsets.US_ASCII);
    }

    StoreManifest withKeyStoreGeneration(int g) {
        return new StoreManifest(g, secretGeneration);
    }

    StoreManifest next(boolean rotateSecret) {
        return new StoreManifest(keyStoreGeneration + 1, rotateSecret ? secretGeneration + 1 : secretGeneration);
    }

    /** Parses a manifest file: the body lines then {@code mac <hex>}; returns the manifest and its MAC. */
    static Parsed parse(String text) throws StorageException {
        String[] lines = text.split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(MAGIC) || !lines[4].isEmpty()
                || !lines[1].startsWith("keystore ") || !lines[2].startsWith("secret ") || !lines[3].startsWith("mac ")) {
            throw new StorageException("store manifest is malformed");
        }
        try {
            StoreManifest m = new StoreManifest(Integer.parseInt(lines[1].substring(9)), Integer.parseInt(lines[2].substring(7)));
            byte[] mac = java.util.HexFormat.of().parseHex(lines[3].substring(4));
            if (!m.body().equals(lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n")) {
                throw new StorageException("store manifest is not canonical");
            }
            return new Parsed(m, mac);
        } catch (IllegalArgumentException e) {
            throw new StorageException("store manifest is malformed");
        }
    }

    record Parsed(StoreManifest manifest, byte[] mac) {
    }
}
