package io.pqrstuv.storage.store;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RAM-only storage for tests and the {@code memory} vault: nothing survives the process. Keeps
 * the same contract as the encrypted stores (copies in, copies out, zeroizes on delete).
 */
public final class InMemoryStorage implements SecureStorage {
    private record Entry(Algorithm algorithm, byte[] cose) {
    }

    private final Map<String, Entry> keys = new TreeMap<>();
    private byte[] secret = new byte[0];

    private static String key(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public synchronized boolean contains(byte[] id) {
        return keys.containsKey(key(id));
    }

    @Override
    public synchronized void putKey(byte[] id, Algorithm algorithm, byte[] cosePrivate) throws StorageException {
        if (keys.containsKey(key(id))) {
            throw new StorageException("identifier already in use");
        }
        keys.put(key(id), new Entry(algorithm, cosePrivate.clone()));
    }

    @Override
    public synchronized Optional<StoredKey> getKey(byte[] id) {
        Entry e = keys.get(key(id));
        return e == null ? Optional.empty() : Optional.of(new StoredKey(e.algorithm, e.cose.clone()));
    }

    @Override
    public synchronized List<byte[]> listIds(Algorithm algorithm) {
        List<byte[]> ids = new ArrayList<>();
        keys.forEach((hex, e) -> {
            if (e.algorithm == algorithm) {
                ids.add(HexFormat.of().parseHex(hex));
            }
        });
        return ids;
    }

    @Override
    public synchronized boolean deleteKey(byte[] id) {
        Entry e = keys.remove(key(id));
        if (e == null) {
            return false;
        }
        Arrays.fill(e.cose, (byte) 0);
        return true;
    }

    @Override
    public synchronized byte[] secret() {
        return secret.clone();
    }

    @Override
    public synchronized void setSecret(byte[] newSecret) {
        Arrays.fill(secret, (byte) 0);
        secret = newSecret.clone();
    }

    @Override
    public synchronized void cryptoReset() {
        keys.values().forEach(e -> Arrays.fill(e.cose, (byte) 0));
        keys.clear();
    }

    @Override
    public synchronized void deviceReset() {
        cryptoReset();
        setSecret(new byte[0]);
    }

    @Override
    public synchronized void close() {
        deviceReset();
    }
}
