package io.pqrstuv.cryptnox.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.channel.P256;
import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The parsers of the replies added for issue 12's remaining commands, on good and malformed input. */
class NewRepliesTest {
    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    @Test
    void userKeyEntries() throws Exception {
        ECPublicKey k = (ECPublicKey) ec().getPublic();
        byte[] good = Codes.concat(Arrays.copyOf("laptop".getBytes(StandardCharsets.US_ASCII), 64), P256.encode(k));
        UserKeyInfo info = UserKeyInfo.parse(UserKeySlot.EC_P256, good);
        assertThat(info.description()).isEqualTo("laptop");
        assertThat(info.publicKey().getEncoded()).isEqualTo(k.getEncoded());
        assertThat(info.toString()).contains("laptop").doesNotContain("04");
        assertThatThrownBy(() -> UserKeyInfo.parse(UserKeySlot.EC_P256, Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserKeyInfo.parse(UserKeySlot.RSA_2048, good)).isInstanceOf(IllegalArgumentException.class);
        byte[] notAPoint = good.clone();
        notAPoint[64 + 40] ^= 1;
        assertThatThrownBy(() -> UserKeyInfo.parse(UserKeySlot.EC_P256, notAPoint)).isInstanceOf(IllegalArgumentException.class);
        byte[] control = good.clone();
        control[2] = 0x07;
        assertThatThrownBy(() -> UserKeyInfo.parse(UserKeySlot.EC_P256, control)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserKeyInfo.parse(UserKeySlot.FIDO, Codes.concat(new byte[64], P256.encode(k))).description()).isEmpty();

        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        RSAPublicKey rsa = (RSAPublicKey) r.generateKeyPair().getPublic();
        byte[] modulus = UserKeys.encode(UserKeySlot.RSA_2048, rsa);
        assertThat(modulus).hasSize(256);
        assertThat(((RSAPublicKey) UserKeyInfo.parse(UserKeySlot.RSA_2048, Codes.concat(new byte[64], modulus)).publicKey())
                .getModulus()).isEqualTo(rsa.getModulus());
        r.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        assertThatThrownBy(() -> UserKeys.encode(UserKeySlot.RSA_2048, r.generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537");
        assertThatThrownBy(() -> UserKeys.encode(UserKeySlot.EC_P256, rsa)).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserKeySlot.parse("rsa")).isEqualTo(UserKeySlot.RSA_2048);
        assertThat(UserKeySlot.of(3)).isEqualTo(UserKeySlot.FIDO);
        assertThatThrownBy(() -> UserKeySlot.parse("4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserKeySlot.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nftSignatureChecks() {
        byte[] nonce = new byte[16];
        Arrays.fill(nonce, (byte) 0x5A);
        byte[] msg = new byte[36];
        msg[0] = 'C';
        msg[1] = 'R';
        System.arraycopy(nonce, 0, msg, 2, 16);
        byte[] sig = {0x30, 6, 2, 1, 1, 2, 1, 1};
        NftSignatureCheck c = NftSignatureCheck.parse(Codes.concat(msg, sig), nonce);
        assertThat(c.nonce()).isEqualTo(nonce);
        assertThat(c.cardData()).hasSize(17);
        assertThat(c.signature()).isEqualTo(sig);
        assertThatThrownBy(() -> NftSignatureCheck.parse(msg, nonce)).isInstanceOf(IllegalArgumentException.class);
        byte[] otherNonce = nonce.clone();
        otherNonce[15] = 0;
        assertThatThrownBy(() -> NftSignatureCheck.parse(Codes.concat(msg, sig), otherNonce))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i : new int[] {0, 1, 35}) {
            byte[] bad = Codes.concat(msg, sig);
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> NftSignatureCheck.parse(bad, nonce)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] notDer = Codes.concat(msg, sig);
        notDer[36] = 0x31;
        assertThatThrownBy(() -> NftSignatureCheck.parse(notDer, nonce)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void seedWrapKeys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        RSAPublicKey rsa = (RSAPublicKey) r.generateKeyPair().getPublic();
        byte[] m = UserKeys.encode(UserKeySlot.RSA_2048, rsa);
        byte[] reply = Codes.concat("CRSA".getBytes(StandardCharsets.US_ASCII), m);
        assertThat(SeedWrapping.parseWrapKey(reply, 2048).getModulus()).isEqualTo(rsa.getModulus());
        // undocumented bytes after the modulus are ignored
        assertThat(SeedWrapping.parseWrapKey(Codes.concat(reply, new byte[72]), 2048).getModulus()).isEqualTo(rsa.getModulus());
        assertThatThrownBy(() -> SeedWrapping.parseWrapKey(Arrays.copyOf(reply, reply.length - 1), 2048))
                .isInstanceOf(CardProtocolException.class);
        byte[] tag = reply.clone();
        tag[0] = 'X';
        assertThatThrownBy(() -> SeedWrapping.parseWrapKey(tag, 2048)).isInstanceOf(CardProtocolException.class);
        byte[] even = reply.clone();
        even[even.length - 1] &= (byte) 0xFE;
        assertThatThrownBy(() -> SeedWrapping.parseWrapKey(even, 2048)).isInstanceOf(CardProtocolException.class);
        byte[] small = reply.clone();
        small[4] = 0x01;
        assertThatThrownBy(() -> SeedWrapping.parseWrapKey(small, 2048)).isInstanceOf(CardProtocolException.class);
        assertThatThrownBy(() -> SeedWrapping.wrap(rsa, new byte[15], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SeedWrapping.wrap(rsa, new byte[64], new SecureRandom())).hasSize(256);
    }

    @Test
    void pkcs7() {
        for (int n = 0; n <= 33; n++) {
            byte[] d = new byte[n];
            Arrays.fill(d, (byte) 16);
            byte[] p = Ecies.pad(d);
            assertThat(p.length % 16).isZero();
            assertThat(p.length).isGreaterThan(n);
            assertThat(Ecies.unpad(p)).isEqualTo(d);
        }
        assertThatThrownBy(() -> Ecies.unpad(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ecies.unpad(new byte[17])).isInstanceOf(IllegalArgumentException.class);
        byte[] seventeen = new byte[16];
        Arrays.fill(seventeen, (byte) 17);
        assertThatThrownBy(() -> Ecies.unpad(seventeen)).isInstanceOf(IllegalArgumentException.class);
    }
}
