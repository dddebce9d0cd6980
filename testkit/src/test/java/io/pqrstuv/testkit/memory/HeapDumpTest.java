package io.pqrstuv.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HPROF reader on a dump of this very JVM, with values planted in known places. */
class HeapDumpTest {
    /** A holder whose field the dump must name. */
    static final class Holder {
        final long before = 42;
        final byte[] secretField;
        final int after = 7;

        Holder(byte[] secretField) {
            this.secretField = secretField;
        }
    }

    static final List<Object> KEEP = new ArrayList<>();

    @TempDir
    Path dir;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        b[0] |= (byte) 0x80; // BigInteger keeps all 8 words
        return b;
    }

    private static Path dump(Path file, boolean liveOnly) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), liveOnly);
        return file;
    }

    @Test
    void attributesEachFormToItsArrayAndReferrer() throws Exception {
        byte[] a = random(32);
        byte[] b = random(32);
        byte[] c = random(32);
        KEEP.add(new Holder(a.clone()));
        KEEP.add(new BigInteger(1, b)); // int[] magnitude, big-endian words
        KEEP.add(new Object[] {HexFormat.of().formatHex(c).getBytes(java.nio.charset.StandardCharsets.US_ASCII)});
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(c);
        sha.digest(); // leaves c in the buffer and the schedule until reset()
        KEEP.add(sha);
        try {
            List<Needle> needles = new ArrayList<>(SecretForms.of("a", a));
            needles.addAll(SecretForms.of("b", b));
            needles.addAll(SecretForms.of("c", c));
            HeapDump.Result r = HeapDump.scan(dump(dir.resolve("self.hprof"), true), needles);

            assertThat(r.of("a")).anySatisfy(h -> {
                assertThat(h.needle().form()).isEqualTo("raw");
                assertThat(h.array()).isEqualTo("byte[32]");
                assertThat(h.owners()).contains(Holder.class.getName() + ".secretField");
            });
            assertThat(r.of("b")).anySatisfy(h -> {
                assertThat(h.array()).isEqualTo("int[8]");
                assertThat(h.owners()).contains("java.math.BigInteger.mag");
            });
            assertThat(r.of("c")).anySatisfy(h -> {
                assertThat(h.needle().form()).isEqualTo("hex");
                assertThat(h.owners()).contains("elem of [Ljava.lang.Object;");
            });
            assertThat(r.of("c")).anySatisfy(h -> assertThat(h.ownedBy("sun.security.provider.SHA2")).isTrue());
            assertThat(r.of("c").stream().filter(h -> h.ownedBy("sun.security.provider.SHA2")).map(HeapDump.Hit::where))
                    .anyMatch(w -> w.startsWith("byte[64]") && w.contains(".buffer"))
                    .anyMatch(w -> w.startsWith("int[64]") && w.contains(".W"));
            assertThat(r.fileMatches()).isGreaterThanOrEqualTo(r.hits().size());

            sha.reset();
            HeapDump.Result after = HeapDump.scan(dump(dir.resolve("reset.hprof"), true), needles);
            assertThat(after.of("c")).as("reset() clears the JDK digest's buffer and schedule")
                    .noneMatch(h -> h.ownedBy("sun.security.provider.SHA2"));
        } finally {
            KEEP.clear();
        }
    }

    @Test
    void processMemoryFindsALiveArray() throws Exception {
        byte[] planted = random(32);
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        direct.put(8, planted);
        KEEP.add(direct);
        try {
            ProcessMemory.Result r = ProcessMemory.scan(ProcessHandle.current().pid(), SecretForms.of("p", planted));
            assertThat(r.total("p")).isGreaterThanOrEqualTo(1);
            assertThat(r.bytesRead()).isPositive();
        } finally {
            KEEP.clear();
        }
    }

    @Test
    void notAnHprofFileIsRefused() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[100]);
        assertThatThrownBy(() -> HeapDump.scan(junk, SecretForms.of("x", random(16)))).isInstanceOf(IOException.class);
        Path truncated = Files.write(dir.resolve("t"), "JAVA PROFILE 1.0.2\0\0\0\0\10\0\0\0\0\0\0\0\0\1\0\0\0\0\0\0\1\0"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> HeapDump.scan(truncated, SecretForms.of("x", random(16)))).isInstanceOf(IOException.class);
    }
}
