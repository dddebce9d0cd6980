package io.pqrstuv.cryptnox.derivation;

import java.math.BigInteger;

/** Bitcoin's Base58 alphabet, encode only (extended public keys). */
final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {
    }

    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        BigInteger v = new BigInteger(1, data);
        while (v.signum() > 0) {
            BigInteger[] qr = v.divideAndRemainder(BASE);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            v = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }
}
