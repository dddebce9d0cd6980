package io.pqrstuv.cryptnox.derivation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BIP32 / SLIP-10 against the published test vectors (notes §7.3). */
class DerivationVectorsTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] SEED = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    static final List<String> PATHS = List.of("m", "m/0'", "m/0'/1", "m/0'/1/2'", "m/0'/1/2'/2", "m/0'/1/2'/2/1000000000");
    static final List<String> K1 = List.of(
            "0339a36013301597daef41fbe593a02cc513d0b55527ec2df1050e2e8ff49c85c2",
            "035a784662a4a20a65bf6aab9ae98a6c068a81c52e4b032c0fb5400c706cfccc56",
            "03501e454bf00751f24b1b489aa925215d66af2234e3891c3b21a52bedb3cd711c",
            "0357bfe1e341d01c69fe5654309956cbea516822fba8a601743a012a7896ee8dc2",
            "02e8445082a72f29b75ca48748a914df60622a609cacfce8ed0e35804560741d29",
            "022a471424da5e657499d1ff51cb43c47481a03b1e77f951fe64cec9f5a48f7011");
    static final List<String> R1 = List.of(
            "0266874dc6ade47b3ecd096745ca09bcd29638dd52c2c12117b11ed3e458cfa9e8",
            "0384610f5ecffe8fda089363a41f56a5c7ffc1d81b59a612d0d649b2d22355590c",
            "03526c63f8d0b4bbbf9c80df553fe66742df4676b241dabefdef67733e070f6844",
            "0359cf160040778a4b14c5f4d7b76e327ccc8c4a6086dd9451b7482b5a4972dda0",
            "029f871f4cb9e1c97f9f4de9ccd0d4a2f2a171110c61178f84430062230833ff20",
            "02216cd26d31147f72427a453c443ed2cde8a1e53c9cc44e5ddf739725413fe3f4");

    static String pub(KeyType t, byte[] seed, String path) {
        Bip32.PrivateNode n = Bip32.derive(Bip32.master(t, seed), DerivationPath.parse(path));
        return HEX.formatHex(n.publicNode().publicKey());
    }

    @Test
    void bip32TestVector1OnSecp256k1() {
        for (int i = 0; i < PATHS.size(); i++) {
            assertThat(pub(KeyType.K1, SEED, PATHS.get(i))).as(PATHS.get(i)).isEqualTo(K1.get(i));
        }
    }

    @Test
    void slip10TestVector1OnP256() {
        for (int i = 0; i < PATHS.size(); i++) {
            assertThat(pub(KeyType.R1, SEED, PATHS.get(i))).as(PATHS.get(i)).isEqualTo(R1.get(i));
        }
    }

    @Test
    void slip10RetryCases() {
        assertThat(pub(KeyType.R1, SEED, "m/28578'"))
                .isEqualTo("02519b5554a4872e8c9c1c847115363051ec43e93400e030ba3c36b52a3e70a5b7");
        assertThat(pub(KeyType.R1, SEED, "m/28578'/33941"))
                .isEqualTo("0235bfee614c0d5b2cae260000bb1d0d84b270099ad790022c1ae0b2e782efe120");
        assertThat(pub(KeyType.R1, HEX.parseHex("a7305bc8df8d0951f0cb224c0e95d7707cbdf2c6ce7e8d481fec69c7ff5e9446"), "m"))
                .isEqualTo("0383619fadcde31063d8c5cb00dbfe1713f3e6fa169d8541a798752a1c1ca0cb20");
    }

    @Test
    void regressionValueFromTheVerifiedRun() throws Exception {
        byte[] seed = MessageDigest.getInstance("SHA-512").digest("test seed".getBytes());
        assertThat(pub(KeyType.K1, seed, "m/44'/60'/0'/0/0"))
                .isEqualTo("0273b60bcdf86d977ea301e117651c7000b8032c3254023094cf3038ccdad11f1f");
    }

    @Test
    void extendedPublicKeysSerialiseAsPublishedAndDerivePublicly() {
        Bip32.PrivateNode m = Bip32.master(KeyType.K1, SEED);
        assertThat(m.publicNode().toBase58()).isEqualTo(
                "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8");
        ExtendedPublicKey d4 = Bip32.derive(m, DerivationPath.parse("m/0'/1/2'/2")).publicNode();
        assertThat(d4.toBase58()).isEqualTo(
                "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV");
        ExtendedPublicKey d5 = d4.child(1_000_000_000);
        assertThat(d5.toBase58()).isEqualTo(
                "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy");
        assertThat(d5).isEqualTo(Bip32.derive(m, DerivationPath.parse("m/0'/1/2'/2/1000000000")).publicNode());
        assertThatThrownBy(() -> d4.child(DerivationPath.HARDENED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicDerivationOnP256MatchesPrivate() {
        Bip32.PrivateNode m = Bip32.master(KeyType.R1, SEED);
        ExtendedPublicKey parent = Bip32.derive(m, DerivationPath.parse("m/0'/1/2'")).publicNode();
        assertThat(HEX.formatHex(parent.child(2).publicKey())).isEqualTo(R1.get(4));
    }

    @Test
    void signatureDecodingIsStrictDer() {
        byte[] good = HEX.parseHex("3006020101020102");
        assertThat(CardSignatures.decode(good)[1]).isEqualTo(2);
        for (String bad : new String[] {"", "30", "3006020101020102ff", "30070201010201020000", "308106020101020102",
            "3006020101020202", "300302010100", "31060201010201020"}) {
            assertThatThrownBy(() -> CardSignatures.decode(HEX.parseHex(bad.length() % 2 == 0 ? bad : bad + "0")))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(CardSignatures.verify(KeyType.K1, HEX.parseHex(K1.get(0)), new byte[32], good)).isFalse();
        assertThat(CardSignatures.verify(KeyType.K1, HEX.parseHex(K1.get(0)), new byte[32], new byte[] {1})).isFalse();
    }

    @Test
    void cardExtendedKeyReplyUsesTheParentsSha256() throws Exception {
        Bip32.PrivateNode m = Bip32.master(KeyType.K1, SEED);
        ExtendedPublicKey parent = Bip32.derive(m, DerivationPath.parse("m/0'/1/2'")).publicNode();
        ExtendedPublicKey child = Bip32.derive(m, DerivationPath.parse("m/0'/1/2'/2")).publicNode();
        byte[] reply = new byte[106];
        reply[0] = 0x04; reply[1] = (byte) 0x88; reply[2] = (byte) 0xB2; reply[3] = 0x1E;
        reply[4] = 4;
        System.arraycopy(MessageDigest.getInstance("SHA-256").digest(parent.publicKey()), 0, reply, 5, 32);
        reply[40] = 2;
        System.arraycopy(child.chainCode(), 0, reply, 41, 32);
        System.arraycopy(child.publicKey(), 0, reply, 73, 33);
        assertThat(ExtendedPublicKey.fromCard(KeyType.K1, reply)).isEqualTo(child);
        assertThatThrownBy(() -> ExtendedPublicKey.fromCard(KeyType.K1, new byte[105])).isInstanceOf(IllegalArgumentException.class);
    }
}
