package io.pqrstuv.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.pqrstuv.testkit.memory.HeapDump;
import io.pqrstuv.testkit.memory.SecretForms;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key's and the cipher's copies, seen in heap dumps of this JVM while the objects are still referenced. */
class WipeableAesKeyTest {
    static final List<Object> KEEP = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;

    private byte[] key() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    /**
     * A live dump of this JVM, scanned for the key. The test itself keeps the key only masked (and
     * builds the needles after the dump), so that its own copy is not what the scan finds.
     */
    private HeapDump.Result liveDump(String name, byte[] masked, byte[] mask) throws Exception {
        Path file = dir.resolve(name + ".hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
        return HeapDump.scan(file, SecretForms.of("key", xor(masked, mask)));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }

    private byte[] mask() {
        byte[] m = new byte[32];
        random.nextBytes(m);
        return m;
    }

    private Cipher encryptOnce(javax.crypto.SecretKey k) throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        gcm.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, iv));
        gcm.doFinal(new byte[100]);
        return gcm;
    }

    @Test
    void aSecretKeySpecAndAnUnscrubbedCipherKeepTheKey() throws Exception {
        byte[] key = key();
        byte[] mask = mask();
        byte[] masked = xor(key, mask);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        java.util.Arrays.fill(key, (byte) 0);
        KEEP.add(spec);
        KEEP.add(encryptOnce(spec));
        try {
            HeapDump.Result r = liveDump("control", masked, mask);
            assertThat(r.hits()).extracting(HeapDump.Hit::where)
                    .anyMatch(w -> w.contains("javax.crypto.spec.SecretKeySpec.key"))
                    .anyMatch(w -> w.contains("com.sun.crypto.provider.AESCrypt.lastKey"))
                    .anyMatch(w -> w.startsWith("int[60]")); // the expanded schedule starts with the key's words
        } finally {
            KEEP.clear();
        }
    }

    @Test
    void destroyAndScrubLeaveNoCopyInTheKeyOrTheCipher() throws Exception {
        byte[] key = key();
        byte[] mask = mask();
        byte[] masked = xor(key, mask);
        WipeableAesKey k = new WipeableAesKey(key);
        Cipher gcm = encryptOnce(k);
        Cipher again = Cipher.getInstance("AES/GCM/NoPadding");
        again.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, new byte[12]));
        KEEP.add(k);
        KEEP.add(gcm);
        KEEP.add(again);
        try {
            WipeableAesKey.scrub(gcm, 32);
            WipeableAesKey.scrub(again, 32);
            k.destroy();
            HeapDump.Result r = liveDump("scrubbed", masked, mask);
            assertThat(r.hits()).as(r.table()).isEmpty();
            assertThat(k.isDestroyed()).isTrue();
            assertThatThrownBy(k::getEncoded).isInstanceOf(IllegalStateException.class);
        } finally {
            KEEP.clear();
        }
    }

    @Test
    void worksAsAJcaKeyAndNeverPrintsOrSerialisesItsBytes() throws Exception {
        byte[] key = key();
        WipeableAesKey k = new WipeableAesKey(key.clone());
        Cipher enc = encryptOnce(k);
        byte[] iv = enc.getIV();
        enc.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, new byte[12]));
        byte[] ct = enc.doFinal("hello".getBytes());
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
        dec.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        assertThat(new String(dec.doFinal(ct))).isEqualTo("hello");
        assertThat(iv).hasSize(12);
        assertThat(k.toString()).isEqualTo("WipeableAesKey[AES-256]").doesNotContain(java.util.HexFormat.of().formatHex(key));
        assertThatThrownBy(() -> new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream()).writeObject(k))
                .isInstanceOf(java.io.NotSerializableException.class);
        assertThatThrownBy(() -> new WipeableAesKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
