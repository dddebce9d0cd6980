package io.pqrstuv.crypto.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.crypto.CoseKeyException;
import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoseCodecTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String encodedInt(long v) {
        return hex(CoseCodec.encode(new CoseMap().put(1, v))).substring(4); // drop "a1 01"
    }

    @Test
    void integersUseTheShortestHead() {
        // RFC 8949 Appendix A values.
        assertThat(encodedInt(0)).isEqualTo("00");
        assertThat(encodedInt(23)).isEqualTo("17");
        assertThat(encodedInt(24)).isEqualTo("1818");
        assertThat(encodedInt(255)).isEqualTo("18ff");
        assertThat(encodedInt(256)).isEqualTo("190100");
        assertThat(encodedInt(65535)).isEqualTo("19ffff");
        assertThat(encodedInt(65536)).isEqualTo("1a00010000");
        assertThat(encodedInt(4294967296L)).isEqualTo("1b0000000100000000");
        assertThat(encodedInt(-1)).isEqualTo("20");
        assertThat(encodedInt(-24)).isEqualTo("37");
        assertThat(encodedInt(-25)).isEqualTo("3818");
        assertThat(encodedInt(-257)).isEqualTo("390100");
        assertThat(encodedInt(-65541)).isEqualTo("3a00010004");
        assertThat(encodedInt(Long.MIN_VALUE)).isEqualTo("3b7fffffffffffffff");
        assertThat(encodedInt(Long.MAX_VALUE)).isEqualTo("1b7fffffffffffffff");
    }

    @Test
    void byteStringsAndKeyOrder() {
        CoseMap m = new CoseMap().put(-2, new byte[24]).put(3, -7).put(-1, 1).put(1, 2).put(-10, new byte[256]);
        String h = hex(CoseCodec.encode(m));
        assertThat(h).startsWith("a5" + "0102" + "0326" + "2001" + "21" + "5818" + "00".repeat(24) + "29" + "590100");
        assertThat(h).hasSize(2 * (1 + 2 + 2 + 2 + 1 + 2 + 24 + 1 + 3 + 256));
    }

    @Test
    void decodeRoundTripsAndIsStrict() throws Exception {
        byte[] enc = CoseCodec.encode(new CoseMap().put(1, 7).put(3, -65541).put(-1, new byte[] {1, 2}));
        try (CoseMap back = CoseCodec.decode(enc)) {
            assertThat(back.integer(3)).contains(-65541L);
            assertThat(back.bytes(-1)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
            assertThat(back.toString()).doesNotContain("1, 2");
        }
        assertThatThrownBy(() -> CoseCodec.decode(null)).isInstanceOf(CborFormatException.class);
        // 24 as a key sorts before -1 bytewise (18 18 < 20), but after it in CTAP2 length-first order.
        byte[] bytewise = HexFormat.of().parseHex("a2181801" + "2001");
        byte[] lengthFirst = HexFormat.of().parseHex("a2" + "2001" + "181801");
        try (CoseMap ok = CoseCodec.decode(bytewise)) {
            assertThat(ok.integer(24)).contains(1L);
        } catch (CborFormatException e) {
            // The library may reject the bytewise order itself; what matters is that we never accept lengthFirst.
        }
        assertThatThrownBy(() -> CoseCodec.decode(lengthFirst)).isInstanceOf(CborFormatException.class);
        // A non-integer key.
        assertThatThrownBy(() -> CoseCodec.decode(HexFormat.of().parseHex("a1616101"))).isInstanceOf(CborFormatException.class);
    }

    @Test
    void randomMutationsGiveOnlyProtocolErrors() {
        JcaDeviceCrypto crypto = new JcaDeviceCrypto();
        byte[] good = crypto.generate(Algorithm.ED25519, new SecureRandom()).cose();
        Random r = new Random(20261121L);
        var all = EnumSet.allOf(Algorithm.class);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] m = good.clone();
            switch (r.nextInt(3)) {
                case 0 -> m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length + 4));
                default -> {
                    m = new byte[r.nextInt(80)];
                    r.nextBytes(m);
                }
            }
            try {
                crypto.parsePrivate(m, all).destroy();
                accepted++;
            } catch (CoseKeyException e) {
                assertThat(e.reason()).isNotNull();
            }
        }
        // Only the untouched encoding (e.g. a zero-length truncation is not it) can pass: flips break x/d consistency.
        assertThat(accepted).isLessThan(30);
    }
}
