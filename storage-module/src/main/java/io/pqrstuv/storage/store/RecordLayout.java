package io.pqrstuv.storage.store;

import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and associated data of the store's records (docs/storage-at-rest.md). A key record is
 * {@code keys-<g>/<id as 32 lowercase hex>.<COSE alg id>}: its name reveals the identifier and
 * the algorithm, which KEY_LST needs without decrypting anything, and nothing else. Both are
 * bound into the AES-GCM associated data, so a record renamed, swapped or copied to another
 * generation fails authentication.
 */
final class RecordLayout {
    static final int ID_LENGTH = 16;
    private static final Pattern KEY_RECORD = Pattern.compile("([0-9a-f]{32})\\.(-?[1-9][0-9]{0,7})");
    private static final Pattern KEYS_DIR = Pattern.compile("keys-([1-9][0-9]{0,9})");
    private static final Pattern SECRET_FILE = Pattern.compile("secret-([1-9][0-9]{0,9})");
    private static final byte[] KEY_DOMAIN = "pqrstuv/key/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET_DOMAIN = "pqrstuv/secret/v1\0".getBytes(StandardCharsets.US_ASCII);

    private RecordLayout() {
    }

    static Path keysDir(Path stateDir, int generation) {
        return stateDir.resolve("keys-" + generation);
    }

    static Path secretFile(Path stateDir, int generation) {
        return stateDir.resolve("secret-" + generation);
    }

    static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    static String keyFileName(String idHex, Algorithm algorithm) {
        return idHex + "." + algorithm.coseId();
    }

    /** The (id hex, algorithm) a record file name stands for; empty if the name is not a record name. */
    static Optional<Named> parseKeyFileName(String name) throws StorageException {
        Matcher m = KEY_RECORD.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        Algorithm alg = Algorithm.byCoseId(Integer.parseInt(m.group(2)))
                .orElseThrow(() -> new StorageException("record " + name + " names an unknown algorithm"));
        return Optional.of(new Named(m.group(1), alg));
    }

    /** Generation of a {@code keys-<g>} directory or {@code secret-<g>} file name, or -1. */
    static int generationOf(String name) {
        Matcher k = KEYS_DIR.matcher(name);
        if (k.matches()) {
            return parseGeneration(k.group(1));
        }
        Matcher s = SECRET_FILE.matcher(name);
        return s.matches() ? parseGeneration(s.group(1)) : -1;
    }

    private static int parseGeneration(String digits) {
        long g = Long.parseLong(digits);
        return g > Integer.MAX_VALUE ? -1 : (int) g;
    }

    static byte[] keyAad(byte[] id, Algorithm algorithm, int generation) {
        int cose = algorithm.coseId();
        return ByteBuffer.allocate(KEY_DOMAIN.length + ID_LENGTH + 3 + 4)
                .put(KEY_DOMAIN).put(id)
                .put((byte) (cose >> 16)).put((byte) (cose >> 8)).put((byte) cose)
                .putInt(generation).array();
    }

    static byte[] secretAad(int generation) {
        return ByteBuffer.allocate(SECRET_DOMAIN.length + 4).put(SECRET_DOMAIN).putInt(generation).array();
    }

    record Named(String idHex, Algorithm algorithm) {
    }
}
