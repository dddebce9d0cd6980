package io.pqrstuv.cryptnox.emulator.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** BIP32 test vector 1 (secp256k1) and SLIP-10 test vector 1 (secp256r1), with the retry cases (notes §7.3). */
class Slip10VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final int H = Slip10.HARDENED;
    private static final int[] CHAIN = {H, 1, 2 | H, 2, 1000000000};

    @ParameterizedTest
    @CsvSource({
        "0, 0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2, 0266874dc6ade47b3ecd096745ca09bcd29638dd52c2c12117b11ed3e458cfa9e8",
        "1, 035a784662a4a20a65bf6aab9ae98a6c068a81c52e4b032c0fb5400c706cfccc56, 0384610f5ecffe8fda089363a41f56a5c7ffc1d81b59a612d0d649b2d22355590c",
        "2, 03501e454bf00751f24b1b489aa925215d66af2234e3891c3b21a52bedb3cd711c, 03526c63f8d0b4bbbf9c80df553fe66742df4676b241dabefdef67733e070f6844",
        "3, 0357bfe1e341d01c69fe5654309956cbea516822fba8a601743a012a7896ee8dc2, 0359cf160040778a4b14c5f4d7b76e327ccc8c4a6086dd9451b7482b5a4972dda0",
        "4, 02e8445082a72f29b75ca48748a914df60622a609cacfce8ed0e35804560741d29, 029f871f4cb9e1c97f9f4de9ccd0d4a2f2a171110c61178f84430062230833ff20",
        "5, 022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011, 02216cd26d31147f72427a453c443ed2cde8a1e53c9cc44e5ddf739725413fe3f4",
    })
    void testVectorOne(int depth, String k1, String r1) {
        int[] path = java.util.Arrays.copyOf(CHAIN, depth);
        assertThat(HEX.formatHex(derive(Curve.SECP256K1, SEED, path).compressedPublicKey())).isEqualTo(k1);
        assertThat(HEX.formatHex(derive(Curve.SECP256R1, SEED, path).compressedPublicKey())).isEqualTo(r1);
    }

    @Test
    void slip10ChildRetryRule() {
        assertThat(HEX.formatHex(derive(Curve.SECP256R1, SEED, new int[] {28578 | H}).compressedPublicKey()))
                .isEqualTo("02519b5554a4872e8c9c1c847115363051ec43e93400e030ba3c36b52a3e70a5b7");
        assertThat(HEX.formatHex(derive(Curve.SECP256R1, SEED, new int[] {28578 | H, 33941}).compressedPublicKey()))
                .isEqualTo("0235bfee614c0d5b2cae260000bb1d0d84b270099ad790022c1ae0b2e782efe120");
    }

    @Test
    void slip10MasterRetryRule() {
        byte[] seed = HEX.parseHex("a7305bc8df8d0951f0cb224c0e95d7707cbdf2c6ce7e8d481fec69c7ff5e9446");
        assertThat(HEX.formatHex(Slip10.master(Curve.SECP256R1, seed).compressedPublicKey()))
                .isEqualTo("0383619fadcde31063d8c5cb00dbfe1713f3e6fa169d8541a798752a1c1ca0cb20");
    }

    @Test
    void derivedNodeKnowsItsDepthChildNumberAndParent() {
        ExtendedKey parent = derive(Curve.SECP256K1, SEED, new int[] {H, 1});
        ExtendedKey child = derive(Curve.SECP256K1, SEED, new int[] {H, 1, 2 | H});
        assertThat(child.depth()).isEqualTo(3);
        assertThat(child.childNumber()).isEqualTo(2 | H);
        assertThat(child.parentPublicKey()).isEqualTo(parent.compressedPublicKey());
        // BIP32 TV1 chain code of m/0'/1/2'
        assertThat(HEX.formatHex(child.chainCode()))
                .isEqualTo("04466b9cc8e161e966409ca52986c584f07e9dc81f735db683c3ff6ec7b1503f");
    }

    private static ExtendedKey derive(Curve c, byte[] seed, int[] path) {
        return Slip10.derive(Slip10.master(c, seed), path);
    }
}
