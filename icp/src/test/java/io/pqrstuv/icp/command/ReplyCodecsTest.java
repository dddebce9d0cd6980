package io.pqrstuv.icp.command;

import static io.pqrstuv.icp.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every reply codec: layout, round trips, and the D-49 length rules on malformed data. */
class ReplyCodecsTest {
    private static final byte[] ID_A = hex("00112233445566778899AABBCCDDEEFF");
    private static final byte[] ID_B = hex("80000000000000000000000000000001");

    @Test
    void initIsSessionThenNonce() throws CommandDataException {
        byte[] nonce = hex("0102030405060708090A0B0C0D0E0F10");
        InitReply reply = new InitReply(0xFACEFADE, nonce);
        assertThat(reply.encode()).isEqualTo(hex("FACEFADE" + "0102030405060708090A0B0C0D0E0F10"));
        assertThat(reply.sessionBytes()).isEqualTo(hex("FACEFADE"));
        InitReply back = InitReply.decode(reply.encode());
        assertThat(back.session()).isEqualTo(0xFACEFADE);
        assertThat(back.nonce()).isEqualTo(nonce);
        assertThat(back.toString()).contains("FACEFADE").doesNotContain("0102");
        back.wipe();
        assertThat(back.nonce()).containsOnly(0);
    }

    @Test
    void initRefusesAnyOtherLength() {
        for (int n : new int[] {0, 4, 19, 21, 36}) {
            assertRefused(Command.INIT, () -> InitReply.decode(new byte[n]));
        }
        assertThatThrownBy(() -> new InitReply(1, new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyListIsACountThenTheIdentifiersInOrder() throws CommandDataException {
        KeyListReply reply = new KeyListReply(List.of(ID_A, ID_B));
        assertThat(reply.encode()).isEqualTo(hex("00000002" + "00112233445566778899AABBCCDDEEFF"
                + "80000000000000000000000000000001"));
        KeyListReply back = KeyListReply.decode(reply.encode());
        assertThat(back.count()).isEqualTo(2);
        assertThat(back.ids()).containsExactly(ID_A, ID_B);
        assertThat(new KeyListReply(List.of()).encode()).isEqualTo(hex("00000000"));
        assertThat(KeyListReply.decode(hex("00000000")).ids()).isEmpty();
    }

    @Test
    void keyListCountMustMatchTheIdentifiers() {
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(new byte[0]));
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(hex("000000")));
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(hex("0000000201")));                 // count 2, one byte
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(concat(hex("00000001"), ID_A, hex("00")))); // trailing byte
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(concat(hex("00000002"), ID_A)));           // one id short
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(concat(hex("00000000"), ID_A)));           // count 0, one id
        // A count that would overflow an int times 16 is still just inconsistent.
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(concat(hex("FFFFFFFF"), ID_A)));
        assertRefused(Command.KEY_LST, () -> KeyListReply.decode(concat(hex("10000001"), ID_A)));
        assertThatThrownBy(() -> new KeyListReply(List.of(new byte[15]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 100)
    void keyListRoundTrips(@ForAll @IntRange(max = 40) int count, @ForAll @Size(16) byte[] seed) throws CommandDataException {
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = seed.clone();
            id[15] = (byte) i;
            ids.add(id);
        }
        byte[] data = new KeyListReply(ids).encode();
        assertThat(data).hasSize(4 + 16 * count);
        assertThat(KeyListReply.decode(data).ids()).containsExactlyElementsOf(ids);
    }

    @Test
    void keyIdRepliesAreSixteenBytes() throws CommandDataException {
        assertThat(KeyIdReply.decode(Command.KEYGEN, ID_A).keyId()).isEqualTo(ID_A).isNotSameAs(ID_A);
        assertThat(new KeyIdReply(ID_A).encode()).isEqualTo(ID_A).isNotSameAs(ID_A);
        for (int n : new int[] {0, 15, 17}) {
            assertRefused(Command.KEYGEN, () -> KeyIdReply.decode(Command.KEYGEN, new byte[n]));
            assertRefused(Command.IMPORT, () -> KeyIdReply.decode(Command.IMPORT, new byte[n]));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Command.class, names = {"SEC_SET_CONF", "DEV_RST", "CRYPTO_RST", "KEY_DEL"})
    void noDataRepliesRefuseAnyByte(Command command) throws CommandDataException {
        assertThat(NoDataReply.decode(command, new byte[0])).isEqualTo(new NoDataReply());
        assertThat(new NoDataReply().encode()).isEmpty();
        assertRefused(command, () -> NoDataReply.decode(command, new byte[1]));
        assertRefused(command, () -> CommandReply.check(command, new byte[16]));
    }

    @Test
    void nonEmptyRepliesRefuseNothing() throws CommandDataException {
        assertRefused(Command.GET_INFO, () -> InfoReply.decode(new byte[0]));
        assertRefused(Command.GET_PUB, () -> PublicKeyReply.decode(Command.GET_PUB, new byte[0]));
        assertRefused(Command.SEC_SET_INIT, () -> PublicKeyReply.decode(Command.SEC_SET_INIT, new byte[0]));
        assertRefused(Command.SIGN, () -> SignatureReply.decode(new byte[0]));
        assertThat(InfoReply.decode(hex("A0")).cbor()).isEqualTo(hex("A0"));
        assertThat(PublicKeyReply.decode(Command.GET_PUB, hex("A1")).coseKey()).isEqualTo(hex("A1"));
        assertThat(SignatureReply.decode(hex("01")).signature()).isEqualTo(hex("01"));
    }

    @Test
    void echoAndPlaintextMayBeEmpty() {
        assertThat(PingReply.decode(new byte[0]).data()).isEmpty();
        assertThat(DecapsReply.decode(new byte[0]).plaintext()).isEmpty();
        assertThat(new PingReply(hex("0102")).echoes(new PingRequest(hex("0102")))).isTrue();
        assertThat(new PingReply(hex("0909")).echoes(new PingRequest(hex("0102")))).isFalse();
        DecapsReply secret = DecapsReply.decode(hex("CAFE"));
        secret.wipe();
        assertThat(secret.plaintext()).containsOnly(0);
    }

    @Test
    void checkAppliesEachCommandsRuleWithoutCopying() {
        assertThatCode(() -> CommandReply.check(Command.INIT, new byte[20])).doesNotThrowAnyException();
        assertThatCode(() -> CommandReply.check(Command.KEY_LST, hex("00000000"))).doesNotThrowAnyException();
        assertThatCode(() -> CommandReply.check(Command.DECAPS, new byte[0])).doesNotThrowAnyException();
        assertThatCode(() -> CommandReply.check(Command.PING, new byte[0])).doesNotThrowAnyException();
        assertRefused(Command.INIT, () -> CommandReply.check(Command.INIT, new byte[19]));
        assertRefused(Command.KEYGEN, () -> CommandReply.check(Command.KEYGEN, new byte[15]));
        assertRefused(Command.IMPORT, () -> CommandReply.check(Command.IMPORT, new byte[17]));
        assertRefused(Command.KEY_LST, () -> CommandReply.check(Command.KEY_LST, hex("0000000201")));
        assertRefused(Command.GET_INFO, () -> CommandReply.check(Command.GET_INFO, new byte[0]));
        assertRefused(Command.GET_PUB, () -> CommandReply.check(Command.GET_PUB, new byte[0]));
        assertRefused(Command.SEC_SET_INIT, () -> CommandReply.check(Command.SEC_SET_INIT, new byte[0]));
        assertRefused(Command.SIGN, () -> CommandReply.check(Command.SIGN, new byte[0]));
    }

    @Test
    void eachRequestReadsItsOwnReply() throws CommandDataException {
        assertThat(new GetInfoRequest().decodeReply(hex("A0"))).isInstanceOf(InfoReply.class);
        assertThat(new InitRequest().decodeReply(new byte[20])).isInstanceOf(InitReply.class);
        assertThat(new KeygenRequest(-7).decodeReply(ID_A).keyId()).isEqualTo(ID_A);
        assertThat(new ImportRequest(new byte[1]).decodeReply(ID_A).keyId()).isEqualTo(ID_A);
        assertThat(new KeyListRequest(-7).decodeReply(hex("00000000")).ids()).isEmpty();
        assertThat(new GetPubRequest(ID_A).decodeReply(hex("A1")).coseKey()).isEqualTo(hex("A1"));
        assertThat(new SecSetInitRequest(-41).decodeReply(hex("A1")).coseKey()).isEqualTo(hex("A1"));
        assertThat(new SignRequest(ID_A, new byte[32]).decodeReply(hex("01")).signature()).isEqualTo(hex("01"));
        assertThat(new DecapsRequest(ID_A, new byte[1]).decodeReply(hex("02")).plaintext()).isEqualTo(hex("02"));
        assertThat(new PingRequest(hex("03")).decodeReply(hex("03")).data()).isEqualTo(hex("03"));
        assertThat(new DevRstRequest().decodeReply(new byte[0])).isEqualTo(new NoDataReply());
        assertThat(new CryptoRstRequest().decodeReply(new byte[0])).isEqualTo(new NoDataReply());
        assertThat(new KeyDeleteRequest(ID_A).decodeReply(new byte[0])).isEqualTo(new NoDataReply());
        assertThat(new SecSetConfRequest(new byte[28], new byte[1]).decodeReply(new byte[0])).isEqualTo(new NoDataReply());
        assertRefused(Command.DEV_RST, () -> new DevRstRequest().decodeReply(new byte[1]));
        assertRefused(Command.KEY_DEL, () -> new KeyDeleteRequest(ID_A).decodeReply(new byte[1]));
        assertRefused(Command.SEC_SET_CONF, () -> new SecSetConfRequest(new byte[28], new byte[1]).decodeReply(new byte[1]));
    }

    @Test
    void signDigestIsSha3With32Bytes() {
        // FIPS 202 SHA3-256("abc") and SHA3-256("").
        assertThat(SignDigest.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(hex("3A985DA74FE225B2045C172D6BD390BD855F086E3E9D525B46BFE24511431532"));
        assertThat(SignDigest.of(new byte[0]))
                .isEqualTo(hex("A7FFC6F8BF1ED76651C14756A061D662F580FF4DE43B49FA82D80A4B80F8434A"));
        java.security.MessageDigest streaming = SignDigest.newDigest();
        streaming.update("a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        streaming.update("bc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(streaming.digest()).isEqualTo(SignDigest.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(SignDigest.LENGTH).isEqualTo(32);
        assertThat(SignDigest.hasLength(new byte[32])).isTrue();
        assertThat(SignDigest.hasLength(new byte[31])).isFalse();
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    private static void assertRefused(Command command, org.assertj.core.api.ThrowableAssert.ThrowingCallable decode) {
        assertThatThrownBy(decode).isInstanceOf(CommandDataException.class)
                .hasMessageStartingWith(command.toString())
                .satisfies(e -> assertThat(((CommandDataException) e).command()).isEqualTo(command));
    }
}
