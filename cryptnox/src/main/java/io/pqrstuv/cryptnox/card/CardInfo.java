package io.pqrstuv.cryptnox.card;

import io.pqrstuv.cryptnox.error.CardProtocolException;
import java.nio.charset.StandardCharsets;

/** GET CARD INFO (FA 00 00): seed source, owner name and email, signature counter. */
public record CardInfo(SeedSource seedSource, String name, String email, long signingCounter) {
    static CardInfo parse(byte[] d) throws CardProtocolException {
        try {
            int i = 0;
            SeedSource s = SeedSource.of(d[i++] & 0xFF);
            if (s == null) {
                throw new CardProtocolException(String.format("GET CARD INFO: unknown seed source 0x%02X", d[0] & 0xFF));
            }
            int nl = d[i++] & 0xFF;
            String name = new String(d, i, nl, StandardCharsets.US_ASCII);
            i += nl;
            int el = d[i++] & 0xFF;
            String email = new String(d, i, el, StandardCharsets.US_ASCII);
            i += el;
            if (d.length != i + 4) {
                throw new CardProtocolException("GET CARD INFO: " + d.length + " bytes do not match the layout");
            }
            long counter = ((long) (d[i] & 0xFF) << 24) | ((d[i + 1] & 0xFF) << 16) | ((d[i + 2] & 0xFF) << 8) | (d[i + 3] & 0xFF);
            return new CardInfo(s, name, email, counter);
        } catch (IndexOutOfBoundsException e) {
            throw new CardProtocolException("GET CARD INFO: reply too short (" + d.length + " bytes)");
        }
    }
}
