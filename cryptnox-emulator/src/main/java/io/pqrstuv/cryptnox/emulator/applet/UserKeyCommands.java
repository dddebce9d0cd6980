package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import io.pqrstuv.cryptnox.emulator.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * User keys (firmware 1.6.1 slots): 1 = EC P-256, 2 = RSA-2048 (e = 65537), 3 = FIDO (EC P-256
 * with a credential id). A user key signs a card challenge (unlocks what the PIN unlocks, except
 * SIGN) or the hashes to sign (unlocks SIGN for exactly those hashes). EC and RSA signatures are
 * over SHA-256 of the challenge or hash; FIDO signatures are WebAuthn assertions for rp_id
 * {@code cryptnox.ch} over the documented clientData template.
 */
final class UserKeyCommands {
    private static final int EC = 1;
    private static final int RSA = 2;
    private static final int FIDO = 3;

    private final Card card;

    UserKeyCommands(Card card) {
        this.card = card;
    }

    /** D5 ADD USER KEY: slot ‖ info (64) ‖ [cred id length ‖ cred id] ‖ key ‖ PUK. */
    byte[] add(byte[] data) {
        card.requireInitialized();
        if (data.length < 1) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        int slot = data[0] & 0xFF;
        if (slot < 1 || slot > CardState.USER_KEY_SLOTS) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int keyLen = slot == RSA ? 256 : 65;
        int i = 65;
        byte[] cred = null;
        if (slot == FIDO) {
            if (data.length < 66) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            int credLen = data[65] & 0xFF;
            if (credLen < 1 || credLen > 64) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            i = 66 + credLen;
            if (data.length >= i) {
                cred = Arrays.copyOfRange(data, 66, i);
            }
        }
        if (data.length != i + keyLen + 12) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        CardState st = card.state;
        if (st.userKeys[slot] != null) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        Auth.verifyPuk(card, Arrays.copyOfRange(data, i + keyLen, data.length), Sw.WRONG_CODE_BASE);
        byte[] key = Arrays.copyOfRange(data, i, i + keyLen);
        if (slot == RSA ? !validModulus(key) : !validPoint(key)) {
            throw new SwException(Sw.INVALID_DATA);
        }
        st.userKeys[slot] = new CardState.UserKey(Arrays.copyOfRange(data, 1, 65), key, cred);
        card.commit();
        return new byte[0];
    }

    private static boolean validPoint(byte[] key) {
        try {
            Curve.SECP256R1.decodeUncompressed(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean validModulus(byte[] key) {
        return (key[0] & 0x80) != 0 && (key[key.length - 1] & 1) == 1;
    }

    /** D7 DELETE USER KEY: slot ‖ PUK. */
    byte[] delete(byte[] data) {
        card.requireInitialized();
        if (data.length != 13) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        int slot = data[0] & 0xFF;
        if (slot < 1 || slot > CardState.USER_KEY_SLOTS) {
            throw new SwException(Sw.WRONG_DATA);
        }
        CardState st = card.state;
        if (st.userKeys[slot] == null) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        Auth.verifyPuk(card, Arrays.copyOfRange(data, 1, 13), Sw.WRONG_CODE_BASE);
        st.userKeys[slot] = null;
        card.commit();
        return new byte[0];
    }

    /** D6 CHECK USER KEY: P1 00/10 auth-for-sign, 01 challenge, 02 answer, 03 (P2 01) FIDO credential id. */
    byte[] check(int p1, int p2, byte[] data) {
        card.requireInitialized();
        Session s = card.session;
        CardState st = card.state;
        switch (p1) {
            case 0x01 -> {
                s.challenge = card.randomBytes(32);
                return s.challenge.clone();
            }
            case 0x02 -> {
                byte[] challenge = s.challenge;
                if (challenge == null) {
                    throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
                }
                int slot = slotOf(data);
                s.challenge = null;
                boolean ok = verify(slot, challenge, Arrays.copyOfRange(data, 1, data.length));
                if (ok) {
                    s.userKeyAuth = true;
                }
                return new byte[] {(byte) (ok ? 1 : 0)};
            }
            case 0x00, 0x10 -> {
                int slot = slotOf(data);
                int max = slot == FIDO ? 3 : 4;
                List<byte[]> hashes = new ArrayList<>();
                int sigStart;
                byte[] message;
                if (p1 == 0x00) {
                    if (data.length < 33) {
                        throw new SwException(Sw.WRONG_DATA);
                    }
                    hashes.add(Arrays.copyOfRange(data, 1, 33));
                    message = hashes.get(0);
                    sigStart = 33;
                } else {
                    int count = data.length > 1 ? data[1] & 0xFF : 0;
                    if (count < 1 || count > max || data.length < 2 + 32 * count) {
                        throw new SwException(Sw.WRONG_DATA);
                    }
                    for (int i = 0; i < count; i++) {
                        hashes.add(Arrays.copyOfRange(data, 2 + 32 * i, 34 + 32 * i));
                    }
                    message = Arrays.copyOfRange(data, 1, 2 + 32 * count);
                    sigStart = 2 + 32 * count;
                }
                boolean ok = verify(slot, message, Arrays.copyOfRange(data, sigStart, data.length));
                if (ok) {
                    s.signAuthorized.clear();
                    s.signAuthorized.addAll(hashes);
                }
                return new byte[] {(byte) (ok ? 1 : 0)};
            }
            case 0x03 -> {
                if (p2 != 0x01) {
                    throw new SwException(Sw.INCORRECT_P1P2);
                }
                CardState.UserKey k = st.userKeys[FIDO];
                if (k == null || k.credentialId() == null) {
                    throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
                }
                byte[] r = new byte[1 + k.credentialId().length];
                r[0] = (byte) k.credentialId().length;
                System.arraycopy(k.credentialId(), 0, r, 1, r.length - 1);
                return r;
            }
            default -> throw new SwException(Sw.INCORRECT_P1P2);
        }
    }

    private static int slotOf(byte[] data) {
        int slot = data.length > 0 ? data[0] & 0xFF : 0;
        if (slot < 1 || slot > CardState.USER_KEY_SLOTS) {
            throw new SwException(Sw.WRONG_DATA);
        }
        return slot;
    }

    /** Whether the slot's key signed {@code message}; an empty slot never verifies (reply 00). */
    private boolean verify(int slot, byte[] message, byte[] sig) {
        CardState.UserKey k = card.state.userKeys[slot];
        if (k == null) {
            return false;
        }
        return switch (slot) {
            case EC -> EcdsaVerify.verifyP256(k.publicKey(), Hashes.sha256(message), sig);
            case RSA -> EcdsaVerify.verifyRsa(k.publicKey(), message, sig);
            default -> verifyFido(k.publicKey(), message, sig);
        };
    }

    /** counter (4) ‖ signature over SHA-256(rp_id) ‖ 05 ‖ counter ‖ SHA-256(clientData). */
    private static boolean verifyFido(byte[] publicKey, byte[] challenge, byte[] data) {
        if (data.length < 4 + 8) {
            return false;
        }
        byte[] counter = Arrays.copyOf(data, 4);
        String clientData = "{\"type\": \"webauthn.get\", \"origin\": \"https://cryptnox.ch\", \"challenge\": \""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(challenge) + "\", \"clientExtensions\": {}}";
        byte[] signed = new byte[32 + 1 + 4 + 32];
        System.arraycopy(Hashes.sha256("cryptnox.ch".getBytes(StandardCharsets.US_ASCII)), 0, signed, 0, 32);
        signed[32] = 0x05;
        System.arraycopy(counter, 0, signed, 33, 4);
        System.arraycopy(Hashes.sha256(clientData.getBytes(StandardCharsets.US_ASCII)), 0, signed, 37, 32);
        return EcdsaVerify.verifyP256(publicKey, Hashes.sha256(signed), Arrays.copyOfRange(data, 4, data.length));
    }
}
