package io.pqrstuv.storage.store;

import io.pqrstuv.crypto.DeviceCrypto;
import io.pqrstuv.crypto.PrivateKeyBlob;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.DevVault;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;

/**
 * Child process of {@link StoreCrashTest}: opens the store and runs the operations the parent
 * sends on stdin, one line each, answering on stdout only once the operation has returned
 * (i.e. is durable) — the store-level equivalent of an ICP reply. Arguments: the state directory
 * and the vault ({@code dev} by default). The parent SIGKILLs it at
 * random moments.
 *
 * <pre>
 * GEN alg            → OK id pubHex sigHex   (KEYGEN; sig over {@link #DIGEST})
 * IMP alg coseHex    → OK id                 (IMPORT)
 * DEL id             → OK | NONE             (KEY_DEL)
 * SEC hex            → OK                    (SEC_SET_CONF)
 * CRST               → OK                    (CRYPTO_RST)
 * DRST               → OK                    (DEV_RST)
 * </pre>
 */
public final class CrashChild {
    static final byte[] DIGEST = new byte[32];

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        SecureRandom random = new SecureRandom();
        DeviceCrypto crypto = new JcaDeviceCrypto();
        HexFormat hex = HexFormat.of();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        String vault = args.length > 1 ? args[1] : "dev";
        try (EncryptedFileStorage store = EncryptedFileStorage.open(state, vault.equals("dev")
                ? DevVault.open(state.resolve(StorageFactory.DEV_VAULT_DIR), random, System.err)
                : StorageFactory.openVault(vault, state, random))) {
            out.println("READY");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(" ");
                String reply = switch (f[0]) {
                    case "GEN" -> {
                        try (PrivateKeyBlob key = crypto.generate(Algorithm.valueOf(f[1]), random)) {
                            byte[] id = freshId(store, random);
                            store.putKey(id, key.algorithm(), key.cose());
                            yield "OK " + hex.formatHex(id) + " " + hex.formatHex(crypto.publicCose(key))
                                    + " " + hex.formatHex(crypto.sign(key, DIGEST, random));
                        }
                    }
                    case "IMP" -> {
                        byte[] cose = hex.parseHex(f[2]);
                        try (PrivateKeyBlob key = crypto.parsePrivate(cose, EnumSet.allOf(Algorithm.class))) {
                            byte[] id = freshId(store, random);
                            store.putKey(id, key.algorithm(), key.cose());
                            yield "OK " + hex.formatHex(id);
                        }
                    }
                    case "DEL" -> store.deleteKey(hex.parseHex(f[1])) ? "OK" : "NONE";
                    case "SEC" -> {
                        store.setSecret(hex.parseHex(f[1]));
                        yield "OK";
                    }
                    case "CRST" -> {
                        store.cryptoReset();
                        yield "OK";
                    }
                    case "DRST" -> {
                        store.deviceReset();
                        yield "OK";
                    }
                    default -> throw new IllegalArgumentException("unknown op " + f[0]);
                };
                out.println(reply);
                out.flush();
            }
        }
    }

    private static byte[] freshId(SecureStorage store, SecureRandom random) throws StorageException {
        byte[] id = new byte[16];
        do {
            random.nextBytes(id);
        } while (store.contains(id));
        return id;
    }
}
