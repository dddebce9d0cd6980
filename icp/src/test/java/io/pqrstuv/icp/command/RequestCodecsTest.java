package io.pqrstuv.icp.command;

import static io.pqrstuv.icp.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.Vectors;
import io.pqrstuv.icp.payload.RequestPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request codec: the layout byte for byte (expected bytes written by hand), round trips, malformed input. */
class RequestCodecsTest {
    private static final byte[] ID = hex("00112233445566778899AABBCCDDEEFF");

    @Test
    void emptyRequestsEncodeToNothingAndRefuseAnyByte() throws CommandDataException {
        assertThat(new GetInfoRequest().encode()).isEmpty();
        assertThat(new InitRequest().encode()).isEmpty();
        assertThat(new DevRstRequest().encode()).isEmpty();
        assertThat(new CryptoRstRequest().encode()).isEmpty();
        assertThat(GetInfoRequest.decode(new byte[0])).isEqualTo(new GetInfoRequest());
        assertThat(InitRequest.decode(new byte[0])).isEqualTo(new InitRequest());
        assertThat(DevRstRequest.decode(new byte[0])).isEqualTo(new DevRstRequest());
        assertThat(CryptoRstRequest.decode(new byte[0])).isEqualTo(new CryptoRstRequest());
        for (int n : new int[] {1, 3, 16}) {
            byte[] trailing = new byte[n];
            assertRefused(Command.GET_INFO, () -> GetInfoRequest.decode(trailing));
            assertRefused(Command.INIT, () -> InitRequest.decode(trailing));
            assertRefused(Command.DEV_RST, () -> DevRstRequest.decode(trailing));
            assertRefused(Command.CRYPTO_RST, () -> CryptoRstRequest.decode(trailing));
        }
    }

    @Test
    void eachRequestNamesItsCommand() {
        assertThat(new GetInfoRequest().command()).isEqualTo(Command.GET_INFO);
        assertThat(new PingRequest(new byte[0]).command()).isEqualTo(Command.PING);
        assertThat(new InitRequest().command()).isEqualTo(Command.INIT);
        assertThat(new SecSetInitRequest(-41).command()).isEqualTo(Command.SEC_SET_INIT);
        assertThat(new SecSetConfRequest(new byte[28], new byte[1]).command()).isEqualTo(Command.SEC_SET_CONF);
        assertThat(new DevRstRequest().command()).isEqualTo(Command.DEV_RST);
        assertThat(new CryptoRstRequest().command()).isEqualTo(Command.CRYPTO_RST);
        assertThat(new KeygenRequest(-7).command()).isEqualTo(Command.KEYGEN);
        assertThat(new KeyListRequest(-7).command()).isEqualTo(Command.KEY_LST);
        assertThat(new KeyDeleteRequest(ID).command()).isEqualTo(Command.KEY_DEL);
        assertThat(new ImportRequest(new byte[1]).command()).isEqualTo(Command.IMPORT);
        assertThat(new GetPubRequest(ID).command()).isEqualTo(Command.GET_PUB);
        assertThat(new DecapsRequest(ID, new byte[1]).command()).isEqualTo(Command.DECAPS);
        assertThat(new SignRequest(ID, new byte[32]).command()).isEqualTo(Command.SIGN);
    }

    @Test
    void pingCarriesItsDataVerbatim() {
        byte[] data = "PQRSTUV".getBytes(StandardCharsets.US_ASCII);
        PingRequest ping = new PingRequest(data);
        assertThat(ping.encode()).isEqualTo(hex("50515253545556")).isNotSameAs(data);
        assertThat(PingRequest.decode(new byte[0]).data()).isEmpty();
        assertThat(PingRequest.decode(hex("50515253545556")).data()).isEqualTo(data);
    }

    @Test
    void theKeygenVectorsOperationData() throws Exception {
        // notes §0.4: KEYGEN ML-DSA-44 carries FFFFD0.
        byte[] opData = RequestPayload.decode(Vectors.payloadOf(Vectors.KEYGEN_ML_DSA_44_REQUEST)).opData();
        assertThat(KeygenRequest.decode(opData).algorithm()).isEqualTo(-48);
        assertThat(new KeygenRequest(-48).encode()).isEqualTo(opData);
    }

    @Test
    void algorithmOperandsAreThreeBytesTwosComplement() throws CommandDataException {
        assertThat(new SecSetInitRequest(-65538).encode()).isEqualTo(hex("FEFFFE"));
        assertThat(new KeyListRequest(-257).encode()).isEqualTo(hex("FFFEFF"));
        assertThat(new KeygenRequest(48).encode()).isEqualTo(hex("000030"));
        assertThat(SecSetInitRequest.decode(hex("FFFFD7")).algorithm()).isEqualTo(-41);
        assertThat(KeyListRequest.decode(hex("800000")).algorithm()).isEqualTo(-8_388_608);
        assertThat(KeygenRequest.decode(hex("7FFFFF")).algorithm()).isEqualTo(8_388_607);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 16})
    void algorithmOperandsOfAnotherLengthAreRefused(int length) {
        byte[] opData = new byte[length];
        assertRefused(Command.SEC_SET_INIT, () -> SecSetInitRequest.decode(opData));
        assertRefused(Command.KEYGEN, () -> KeygenRequest.decode(opData));
        assertRefused(Command.KEY_LST, () -> KeyListRequest.decode(opData));
    }

    @Test
    void algorithmIdsOutsideThreeBytesCannotBeBuilt() {
        assertThatThrownBy(() -> new KeygenRequest(1 << 23)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyListRequest(-(1 << 23) - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecSetInitRequest(Integer.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyIdRequestsAreExactlySixteenBytes() throws CommandDataException {
        assertThat(new KeyDeleteRequest(ID).encode()).isEqualTo(ID).isNotSameAs(ID);
        assertThat(new GetPubRequest(ID).encode()).isEqualTo(ID);
        assertThat(KeyDeleteRequest.decode(ID).keyId()).isEqualTo(ID).isNotSameAs(ID);
        assertThat(GetPubRequest.decode(ID).keyId()).isEqualTo(ID);
        for (int n : new int[] {0, 15, 17, 32}) {
            byte[] opData = new byte[n];
            assertRefused(Command.KEY_DEL, () -> KeyDeleteRequest.decode(opData));
            assertRefused(Command.GET_PUB, () -> GetPubRequest.decode(opData));
            assertThatThrownBy(() -> new KeyDeleteRequest(opData)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new GetPubRequest(opData)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void signIsTheKeyIdThenTheDigest() throws CommandDataException {
        byte[] digest = SignDigest.of("abc".getBytes(StandardCharsets.US_ASCII));
        byte[] opData = new SignRequest(ID, digest).encode();
        assertThat(HexFormat.of().formatHex(opData)).isEqualTo("00112233445566778899aabbccddeeff"
                + "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
        SignRequest back = SignRequest.decode(opData);
        assertThat(back.keyId()).isEqualTo(ID);
        assertThat(back.digest()).isEqualTo(digest);
        assertThat(back.hasSignDigest()).isTrue();
        assertThat(SignRequest.ofDocument(ID, "abc".getBytes(StandardCharsets.US_ASCII)).digest()).isEqualTo(digest);
    }

    @Test
    void signDecodesAnyDigestLengthButSaysWhetherItIsOne() throws CommandDataException {
        // The spec checks the digest after the key (CMD_FAIL), so the layout only needs the id (D-6).
        assertThat(SignRequest.decode(ID).digest()).isEmpty();
        assertThat(SignRequest.decode(ID).hasSignDigest()).isFalse();
        assertThat(SignRequest.decode(Arrays.copyOf(ID, 16 + 31)).hasSignDigest()).isFalse();
        assertThat(SignRequest.decode(Arrays.copyOf(ID, 16 + 33)).hasSignDigest()).isFalse();
        for (int n : new int[] {0, 1, 15}) {
            byte[] opData = new byte[n];
            assertRefused(Command.SIGN, () -> SignRequest.decode(opData));
            assertRefused(Command.DECAPS, () -> DecapsRequest.decode(opData));
        }
    }

    @Test
    void decapsIsTheKeyIdThenTheCiphertext() throws CommandDataException {
        byte[] ct = hex("DEADBEEF");
        byte[] opData = new DecapsRequest(ID, ct).encode();
        assertThat(opData).isEqualTo(hex("00112233445566778899AABBCCDDEEFF" + "DEADBEEF"));
        DecapsRequest back = DecapsRequest.decode(opData);
        assertThat(back.keyId()).isEqualTo(ID);
        assertThat(back.ciphertext()).isEqualTo(ct);
        assertThat(DecapsRequest.decode(ID).ciphertext()).isEmpty();
    }

    @Test
    void importCarriesTheKeyAndWipes() {
        byte[] cose = hex("A4010103270620");
        ImportRequest request = ImportRequest.decode(cose);
        assertThat(request.privateKey()).isEqualTo(cose).isNotSameAs(cose);
        assertThat(request.encode()).isEqualTo(cose);
        request.wipe();
        assertThat(request.privateKey()).containsOnly(0);
        assertThat(cose).isEqualTo(hex("A4010103270620"));
        assertThat(ImportRequest.decode(new byte[0]).privateKey()).isEmpty();
    }

    @Test
    void secSetConfSplitsAtTheWrappedKeyLength() throws CommandDataException {
        byte[] encrypted = new byte[30];
        Arrays.fill(encrypted, (byte) 1);
        byte[] wrapped = new byte[1088];
        Arrays.fill(wrapped, (byte) 2);
        byte[] opData = new SecSetConfRequest(encrypted, wrapped).encode();
        assertThat(opData).hasSize(1118);
        assertThat(Arrays.copyOf(opData, 30)).containsOnly(1);
        assertThat(Arrays.copyOfRange(opData, 30, 1118)).containsOnly(2);
        SecSetConfRequest back = SecSetConfRequest.decode(opData, 1088);
        assertThat(back.encryptedSecret()).isEqualTo(encrypted);
        assertThat(back.wrappedKey()).isEqualTo(wrapped);
        back.wipe();
        assertThat(back.encryptedSecret()).containsOnly(0);
        assertThat(back.wrappedKey()).containsOnly(0);
        assertThat(opData[0]).isEqualTo((byte) 1);
    }

    @Test
    void secSetConfNeedsRoomForIvAndTag() throws CommandDataException {
        assertThat(SecSetConfRequest.MIN_ENCRYPTED_SECRET).isEqualTo(12 + 16);
        assertThat(SecSetConfRequest.decode(new byte[28 + 256], 256).encryptedSecret()).hasSize(28);
        assertRefused(Command.SEC_SET_CONF, () -> SecSetConfRequest.decode(new byte[27 + 256], 256));
        assertRefused(Command.SEC_SET_CONF, () -> SecSetConfRequest.decode(new byte[100], 1088));
        assertRefused(Command.SEC_SET_CONF, () -> SecSetConfRequest.decode(new byte[0], 0));
        assertThatThrownBy(() -> SecSetConfRequest.decode(new byte[40], -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void keyIdAndMoreRoundTrips(@ForAll @Size(16) byte[] id, @ForAll @Size(max = 600) byte[] rest) throws CommandDataException {
        SignRequest sign = SignRequest.decode(new SignRequest(id, rest).encode());
        assertThat(sign.keyId()).isEqualTo(id);
        assertThat(sign.digest()).isEqualTo(rest);
        DecapsRequest decaps = DecapsRequest.decode(new DecapsRequest(id, rest).encode());
        assertThat(decaps.keyId()).isEqualTo(id);
        assertThat(decaps.ciphertext()).isEqualTo(rest);
    }

    @Property(tries = 200)
    void algorithmOperandsRoundTrip(@ForAll @IntRange(min = -(1 << 23), max = (1 << 23) - 1) int id) throws CommandDataException {
        assertThat(KeygenRequest.decode(new KeygenRequest(id).encode()).algorithm()).isEqualTo(id);
        assertThat(KeyListRequest.decode(new KeyListRequest(id).encode()).algorithm()).isEqualTo(id);
        assertThat(SecSetInitRequest.decode(new SecSetInitRequest(id).encode()).algorithm()).isEqualTo(id);
    }

    @Test
    void toStringShowsNoOperationData() {
        byte[] secretish = new byte[40];
        Arrays.fill(secretish, (byte) 0x5A);
        for (Object o : new Object[] {new PingRequest(secretish), new ImportRequest(secretish),
                new SecSetConfRequest(secretish, secretish), new SignRequest(ID, secretish), new DecapsRequest(ID, secretish),
                new KeyDeleteRequest(ID), new GetPubRequest(ID)}) {
            assertThat(o.toString()).doesNotContain("5a", "5A", "90", "[B@", "0011", "-1");
        }
    }

    private static void assertRefused(Command command, org.assertj.core.api.ThrowableAssert.ThrowingCallable decode) {
        assertThatThrownBy(decode).isInstanceOf(CommandDataException.class)
                .hasMessageStartingWith(command.toString())
                .satisfies(e -> assertThat(((CommandDataException) e).command()).isEqualTo(command));
    }
}
