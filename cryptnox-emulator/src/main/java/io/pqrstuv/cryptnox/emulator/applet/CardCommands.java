package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Iterator;

/** PIN and PUK management, card data, settings and RESET (all through the secure channel). */
final class CardCommands {
    private final Card card;

    CardCommands(Card card) {
        this.card = card;
    }

    /** 20 VERIFY PIN: a PIN of 4–9 bytes, or no data to read the tries left. */
    byte[] verifyPin(int p1, int p2, byte[] data) {
        card.requireInitialized();
        if (!card.state.pinAuth) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        if (data.length == 0) {
            return new byte[] {(byte) Auth.pinTriesLeft(card)};
        }
        if (data.length < 4 || data.length > 9) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        byte[] pin = Arrays.copyOf(data, 9);
        try {
            Auth.verifyPin(card, pin);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
        return new byte[0];
    }

    /** 21 CHANGE PIN (P1=00) / CHANGE PUK (P1=01); any other P1 reports the PIN tries left. */
    byte[] changePinPuk(int p1, byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        Session s = card.session;
        if (p1 == 0x00) {
            if (data.length != 9 && data.length != 21) {
                throw new SwException(Sw.WRONG_DATA);
            }
            byte[] newPin = Arrays.copyOf(data, 9);
            if (!Auth.validPin(newPin)) {
                throw new SwException(Sw.WRONG_DATA);
            }
            if (data.length == 21) {
                try {
                    Auth.verifyPuk(card, Arrays.copyOfRange(data, 9, 21), Sw.WRONG_CODE_BASE);
                } catch (SwException e) {
                    // a wrong PUK here counts as "PIN not validated"
                    throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
                }
            } else if (!st.pinAuth || !s.userAuthenticated()) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
            Arrays.fill(st.pin, (byte) 0);
            st.pin = newPin;
            st.pinTriesLeft = CardState.PIN_TRIES;
            card.commit();
            s.pinTriesThisCycle = Session.PIN_TRIES_PER_CYCLE;
            s.pinVerified = st.pinAuth;
            return new byte[0];
        }
        if (p1 == 0x01) {
            if (data.length != 24) {
                throw new SwException(Sw.WRONG_DATA);
            }
            byte[] newPuk = Arrays.copyOf(data, 12);
            if (!Auth.validPuk(newPuk)) {
                throw new SwException(Sw.WRONG_DATA);
            }
            Auth.verifyPuk(card, Arrays.copyOfRange(data, 12, 24), Sw.WRONG_PUK_CHANGE);
            Arrays.fill(st.puk, (byte) 0);
            st.puk = newPuk;
            card.commit();
            return new byte[0];
        }
        s.dropAuth();
        throw new SwException(Sw.triesLeft(Auth.pinTriesLeft(card)));
    }

    /** 22 UNBLOCK PIN: PUK (12) ‖ new PIN (9), only while the PIN is blocked. */
    byte[] unblockPin(byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        if (!st.pinAuth || !Auth.pinBlocked(card)) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (data.length != 21) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] newPin = Arrays.copyOfRange(data, 12, 21);
        if (!Auth.validPin(newPin)) {
            throw new SwException(Sw.WRONG_DATA);
        }
        Auth.verifyPuk(card, Arrays.copyOf(data, 12), Sw.WRONG_CODE_BASE);
        Arrays.fill(st.pin, (byte) 0);
        st.pin = newPin;
        st.pinTriesLeft = CardState.PIN_TRIES;
        card.commit();
        card.session.pinTriesThisCycle = Session.PIN_TRIES_PER_CYCLE;
        card.session.pinVerified = true;
        return new byte[0];
    }

    /** FA GET CARD INFO / READ DATA. */
    byte[] readData(int p1, int p2) {
        card.requireInitialized();
        CardState st = card.state;
        if (p1 == 0 && p2 == 0) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(st.keySource);
            out.write(st.name.length);
            out.writeBytes(st.name);
            out.write(st.email.length);
            out.writeBytes(st.email);
            writeInt(out, st.signingCounter);
            return out.toByteArray();
        }
        if (st.type == CardType.NFT) {
            if (p1 >= 1 && p1 <= st.userData.length && p2 < CardState.PAGES) {
                card.requireUserAuth();
                return page(st.userData[p1 - 1], p2);
            }
            throw new SwException(Sw.WRONG_P1P2);
        }
        if (p2 == 0 && p1 >= 1 && p1 <= CardState.USER_KEY_SLOTS) {
            card.requireUserAuth();
            CardState.UserKey k = st.userKeys[p1];
            if (k == null) {
                throw new SwException(Sw.WRONG_P1P2);
            }
            byte[] r = Arrays.copyOf(k.info(), 64 + k.publicKey().length);
            System.arraycopy(k.publicKey(), 0, r, 64, k.publicKey().length);
            return r;
        }
        if (p1 == 0 && p2 >= 1 && p2 <= CardState.PAGES) {
            card.requireUserAuth();
            return page(st.userData[0], p2 - 1);
        }
        throw new SwException(Sw.WRONG_P1P2);
    }

    private static byte[] page(byte[] data, int page) {
        int from = page * CardState.PAGE_SIZE;
        if (from >= data.length) {
            return new byte[0];
        }
        return Arrays.copyOfRange(data, from, Math.min(data.length, from + CardState.PAGE_SIZE));
    }

    /** FB GET HISTORY: signing counter (4) ‖ hash (32) of entry P1, 0 = newest; zeros when empty. */
    byte[] history(int p1) {
        card.requireInitialized();
        card.requireUserAuth();
        if (p1 >= CardState.HISTORY_SIZE) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        byte[] r = new byte[36];
        Iterator<CardState.HistoryEntry> it = card.state.history.iterator();
        for (int i = 0; i < p1 && it.hasNext(); i++) {
            it.next();
        }
        if (it.hasNext()) {
            CardState.HistoryEntry e = it.next();
            long c = e.counter();
            r[0] = (byte) (c >> 24);
            r[1] = (byte) (c >> 16);
            r[2] = (byte) (c >> 8);
            r[3] = (byte) c;
            System.arraycopy(e.hash(), 0, r, 4, 32);
        }
        return r;
    }

    /** FC WRITE DATA: a user data page (pages in order), or the 16 public custom bytes. */
    byte[] writeData(int p1, int p2, byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        int slot;
        if (st.type == CardType.NFT) {
            if (p1 < 1 || p1 > st.userData.length) {
                throw new SwException(Sw.INCORRECT_P1P2);
            }
            slot = p1 - 1;
        } else if (p1 == 0x01) {
            card.requireUserAuth();
            if (data.length != 16) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            st.customBytes = data.clone();
            card.commit();
            return new byte[0];
        } else if (p1 == 0x00) {
            slot = 0;
        } else {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (p2 >= CardState.PAGES) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        card.requireUserAuth();
        if (data.length < 1 || data.length > CardState.PAGE_SIZE) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        byte[] old = st.userData[slot];
        int start = p2 * CardState.PAGE_SIZE;
        if (old.length < start) {
            // earlier pages must be complete first
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        byte[] now = Arrays.copyOf(old, start + data.length);
        System.arraycopy(data, 0, now, start, data.length);
        Arrays.fill(old, (byte) 0);
        st.userData[slot] = now;
        card.commit();
        return new byte[0];
    }

    /** D3 GENERATE TRNG RANDOM: P1 = 16..64 bytes, a multiple of 4. */
    byte[] random(int p1) {
        if (p1 < 16 || p1 > 64 || p1 % 4 != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        return card.randomBytes(p1);
    }

    /** DA CHANGE PAIRING KEY: new key (32) ‖ PUK (12). */
    byte[] changePairingKey(int p1, byte[] data) {
        card.requireInitialized();
        if (p1 != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (data.length != 44) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        Auth.verifyPuk(card, Arrays.copyOfRange(data, 32, 44), Sw.WRONG_CODE_BASE);
        Arrays.fill(card.state.pairingKey, (byte) 0);
        card.state.pairingKey = Arrays.copyOf(data, 32);
        card.commit();
        return new byte[0];
    }

    /** C3 SET PIN AUTH: status (00 = enable, else disable) ‖ PUK. */
    byte[] setPinAuth(byte[] data) {
        card.requireInitialized();
        if (data.length != 13) {
            throw new SwException(Sw.WRONG_DATA);
        }
        boolean disable = data[0] != 0;
        if (disable && Arrays.stream(card.state.userKeys).allMatch(k -> k == null)) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        Auth.verifyPuk(card, Arrays.copyOfRange(data, 1, 13), Sw.WRONG_CODE_BASE);
        card.state.pinAuth = !disable;
        card.commit();
        if (disable) {
            card.session.pinVerified = false;
        }
        return new byte[0];
    }

    /** FD RESET: PUK → the card is blank again (keeps its serial, static key and certificate). */
    byte[] reset(byte[] data) {
        card.requireInitialized();
        if (data.length != 12) {
            throw new SwException(Sw.WRONG_DATA);
        }
        Auth.verifyPuk(card, data, Sw.WRONG_CODE_BASE);
        card.state.factoryReset();
        card.commit();
        return new byte[0];
    }

    private static void writeInt(ByteArrayOutputStream out, long v) {
        out.write((int) (v >> 24));
        out.write((int) (v >> 16));
        out.write((int) (v >> 8));
        out.write((int) v);
    }
}
