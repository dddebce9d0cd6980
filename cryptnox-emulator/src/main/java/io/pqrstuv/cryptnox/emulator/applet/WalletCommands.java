package io.pqrstuv.cryptnox.emulator.applet;

import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.apdu.Sw;
import io.pqrstuv.cryptnox.emulator.apdu.SwException;
import io.pqrstuv.cryptnox.emulator.crypto.Aes;
import io.pqrstuv.cryptnox.emulator.crypto.Curve;
import io.pqrstuv.cryptnox.emulator.crypto.ExtendedKey;
import io.pqrstuv.cryptnox.emulator.crypto.Hashes;
import io.pqrstuv.cryptnox.emulator.crypto.Slip10;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Seeds, derivation, public keys, signatures, DECRYPT and the PUK-protected key settings. */
final class WalletCommands {
    /** EIP-1581 prefix every PIN-less path starts with: m/43'/60'/1581'. */
    private static final int[] PINLESS_PREFIX = {43 | Slip10.HARDENED, 60 | Slip10.HARDENED, 1581 | Slip10.HARDENED};
    /** SLIP-17 path of the DECRYPT key ("openpgp://cryptnox", index 0), r1 tree. */
    private static final int[] DECRYPT_PATH = {17 | Slip10.HARDENED, 910196630 | Slip10.HARDENED,
            2006168372 | Slip10.HARDENED, 332516148 | Slip10.HARDENED, 580566270 | Slip10.HARDENED};
    /** The emulator's "Basic group" key for dual seed generation (public label; emulator pairs only). */
    private static final byte[] GROUP_KEY =
            Hashes.sha256("pqrstuv Cryptnox emulator dual-generation group key, key 1".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] XPUB_VERSION = {0x04, (byte) 0x88, (byte) 0xB2, 0x1E};

    private final Card card;

    WalletCommands(Card card) {
        this.card = card;
    }

    // ---- key loading ----

    /**
     * D0 LOAD KEY: 01 k1 pair, 02 k1 extended pair, 03 BIP39 seed, 04/05 dual generation, and on
     * firmware 2.0 06 a seed wrapped with the RSA seed-wrap key.
     */
    byte[] loadKey(int p1, byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        int last = st.firmware.hasSeedWrapAndSignPublic() ? 6 : 5;
        if (p1 < 1 || p1 > last) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (st.hasKey()) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        byte[] payload = takePin(data);
        try {
            switch (p1) {
                case 0x03 -> {
                    if (payload.length < 16 || payload.length > 64) {
                        throw new SwException(Sw.WRONG_DATA);
                    }
                    installSeed(payload, 'L');
                }
                case 0x01, 0x02 -> installKeyPair(payload, p1 == 0x02);
                case 0x04 -> {
                    Session s = card.session;
                    if (s.dualKey != null) {
                        Arrays.fill(s.dualKey, (byte) 0);
                    }
                    s.dualKey = card.newP256Key();
                    byte[] pub = Curve.SECP256R1.publicKey(s.dualKey);
                    byte[] sig = card.signer.sign(Curve.SECP256R1, GROUP_KEY, Hashes.sha256(pub), false);
                    byte[] r = Arrays.copyOf(pub, 65 + sig.length);
                    System.arraycopy(sig, 0, r, 65, sig.length);
                    return r;
                }
                case 0x05 -> dualLoad(payload);
                case 0x06 -> wrappedLoad(payload);
                default -> throw new SwException(Sw.INCORRECT_P1P2);
            }
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        return new byte[0];
    }

    /**
     * Splits off and checks the PIN at the end of the data, unless a user key authenticated this
     * session (then there is none). Returns the rest.
     */
    private byte[] takePin(byte[] data) {
        if (card.session.userKeyAuth) {
            return data.clone();
        }
        if (!card.state.pinAuth) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (data.length < 9) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] pin = Arrays.copyOfRange(data, data.length - 9, data.length);
        try {
            Auth.verifyPin(card, pin);
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
        return Arrays.copyOf(data, data.length - 9);
    }

    private void installSeed(byte[] seed, char source) {
        CardState st = card.state;
        st.k1 = KeyTree.fromSeed(Curve.SECP256K1, seed);
        st.r1 = KeyTree.fromSeed(Curve.SECP256R1, seed);
        st.keySource = source;
        st.pinlessPath = null;
        card.commit();
    }

    /** TLV A1 { [80 public key], 81 private key, [82 chain code] }. */
    private void installKeyPair(byte[] tlv, boolean extended) {
        Tlv outer = Tlv.read(tlv, 0);
        if (outer.tag != 0xA1 || outer.end != tlv.length) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] pub = null;
        byte[] priv = null;
        byte[] chain = null;
        int i = outer.valueStart;
        while (i < outer.end) {
            Tlv t = Tlv.read(tlv, i);
            if (t.end > outer.end) {
                throw new SwException(Sw.WRONG_DATA);
            }
            byte[] v = Arrays.copyOfRange(tlv, t.valueStart, t.end);
            switch (t.tag) {
                case 0x80 -> pub = v;
                case 0x81 -> priv = v;
                case 0x82 -> chain = v;
                default -> throw new SwException(Sw.WRONG_DATA);
            }
            i = t.end;
        }
        if (priv == null || priv.length != 32 || !Curve.SECP256K1.isValidScalar(priv)
                || (pub != null && !Arrays.equals(pub, Curve.SECP256K1.publicKey(priv)))
                || (extended != (chain != null)) || (chain != null && chain.length != 32)) {
            if (priv != null) {
                Arrays.fill(priv, (byte) 0);
            }
            throw new SwException(Sw.WRONG_DATA);
        }
        CardState st = card.state;
        st.k1 = new KeyTree(Curve.SECP256K1, priv, chain);
        st.r1 = null;
        st.keySource = extended ? 'X' : 'K';
        st.pinlessPath = null;
        card.commit();
    }

    /** D0 05: the other card's key (65) ‖ group signature; seed = SHA-256(ECDH X). */
    private void dualLoad(byte[] blob) {
        Session s = card.session;
        if (s.dualKey == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (blob.length < 65 + 8) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] pub = Arrays.copyOf(blob, 65);
        byte[] sig = Arrays.copyOfRange(blob, 65, blob.length);
        byte[] x;
        try {
            if (!EcdsaVerify.verifyP256(Curve.SECP256R1.publicKey(GROUP_KEY), Hashes.sha256(pub), sig)) {
                throw new SwException(Sw.WRONG_DATA);
            }
            x = Curve.SECP256R1.ecdhX(s.dualKey, Curve.SECP256R1.decodeUncompressed(pub));
        } catch (IllegalArgumentException e) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] seed = Hashes.sha256(x);
        Arrays.fill(x, (byte) 0);
        installSeed(seed, 'D');
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(s.dualKey, (byte) 0);
        s.dualKey = null;
    }

    /**
     * D0 06: an RSA-OAEP (SHA-1, MGF1-SHA-1) ciphertext of a 16–64 byte BIP39 seed under the session's
     * seed-wrap key (what Cryptnox's own example encrypts with); key source 'R'.
     */
    private void wrappedLoad(byte[] wrapped) {
        Session s = card.session;
        if (s.wrapKey == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        byte[] seed;
        try {
            seed = SeedWrapKey.unwrap(s.wrapKey, wrapped);
        } catch (IllegalArgumentException e) {
            throw new SwException(Sw.WRONG_DATA);
        }
        try {
            if (seed.length < 16 || seed.length > 64) {
                throw new SwException(Sw.WRONG_DATA);
            }
            installSeed(seed, 'R');
            s.wrapKey = null; // one seed per wrap key
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /**
     * F9 GENERATE RSA SEED WRAP KEY (firmware 2.0): data = key size in bits (2 bytes); reply "CRSA" ‖
     * modulus (public exponent 65537). The key pair stays in the session for one LOAD KEY P1=06.
     */
    byte[] generateSeedWrapKey(int p1, int p2, byte[] data) {
        card.requireInitialized();
        if (p1 != 0 || p2 != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (data.length != 2) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int bits = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        if (!SeedWrapKey.supported(bits)) {
            throw new SwException(Sw.WRONG_DATA);
        }
        card.session.wrapKey = SeedWrapKey.generate(bits, card.random);
        byte[] modulus = SeedWrapKey.modulus(card.session.wrapKey);
        byte[] r = new byte[4 + modulus.length];
        r[0] = 'C';
        r[1] = 'R';
        r[2] = 'S';
        r[3] = 'A';
        System.arraycopy(modulus, 0, r, 4, modulus.length);
        return r;
    }

    /**
     * C6 SIGN PUBLIC (firmware 2.0): the card's static key signs the current public key of the k1
     * (P1 00) or r1 (P1 10) tree: ECDSA P-256 with SHA-256 over the 65-byte uncompressed point, DER.
     * (The reference says "over the current blockchain public key"; the exact message is an
     * assumption, the same one the host library checks.) PIN or user key; no data.
     */
    byte[] signPublic(int p1, int p2, byte[] data) {
        card.requireInitialized();
        if ((p1 != 0x00 && p1 != 0x10) || p2 != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (data.length != 0) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        card.requireUserAuth();
        KeyTree tree = treeFor(p1);
        ExtendedKey node = tree.current();
        try {
            byte[] pub = node.publicKey();
            return card.signer.sign(Curve.SECP256R1, card.state.staticPrivateKey, Hashes.sha256(pub), false);
        } finally {
            node.wipe();
        }
    }

    /** D4 GENERATE KEY: a random seed made on the card; replies SHA-256 of the k1 master public key. */
    byte[] generateKey(byte[] data) {
        card.requireInitialized();
        if (card.state.hasKey()) {
            throw new SwException(Sw.COMMAND_NOT_ALLOWED);
        }
        if (!card.session.userKeyAuth && data.length != 9) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] rest = takePin(data);
        if (rest.length != 0) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] seed = card.randomBytes(32);
        installSeed(seed, 'S');
        Arrays.fill(seed, (byte) 0);
        return Hashes.sha256(Curve.SECP256K1.compressedPublicKey(card.state.k1.masterKey));
    }

    // ---- derivation ----

    /** D1 DERIVE KEY: bit 4 curve, bits 7–6 source (master, parent, current); data = path. */
    byte[] derive(int p1, byte[] data) {
        card.requireInitialized();
        card.requireUserAuth();
        KeyTree tree = treeFor(p1);
        if (!tree.derivable()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        int[] path = absolutePath(tree, p1 >> 6, data, true);
        tree.currentPath = path;
        card.commit();
        return new byte[0];
    }

    /** The tree selected by P1 bit 4 (bit 5 would be Ed25519, a firmware 2.0 feature). */
    private KeyTree treeFor(int p1) {
        if ((p1 & 0x20) != 0) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        CardState st = card.state;
        if (!st.hasKey()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        KeyTree t = (p1 & 0x10) != 0 ? st.r1 : st.k1;
        if (t == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        return t;
    }

    /**
     * The absolute path for a derivation from {@code source} (0 master, 1 parent, 2 current) with
     * the relative path in {@code data}.
     */
    private static int[] absolutePath(KeyTree tree, int source, byte[] data, boolean emptyAllowed) {
        if (data.length % 4 != 0 || (!emptyAllowed && data.length == 0)) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int[] rel = parsePath(data);
        int[] base = switch (source) {
            case 0 -> new int[0];
            case 1 -> {
                if (tree.currentPath.length == 0) {
                    throw new SwException(Sw.WRONG_P1P2);
                }
                yield Arrays.copyOf(tree.currentPath, tree.currentPath.length - 1);
            }
            case 2 -> tree.currentPath;
            default -> throw new SwException(Sw.INCORRECT_P1P2);
        };
        if (base.length + rel.length > Slip10.MAX_DEPTH) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int[] path = Arrays.copyOf(base, base.length + rel.length);
        System.arraycopy(rel, 0, path, base.length, rel.length);
        return path;
    }

    private static int[] parsePath(byte[] data) {
        int[] p = new int[data.length / 4];
        for (int i = 0; i < p.length; i++) {
            p[i] = ((data[4 * i] & 0xFF) << 24) | ((data[4 * i + 1] & 0xFF) << 16) | ((data[4 * i + 2] & 0xFF) << 8)
                    | (data[4 * i + 3] & 0xFF);
        }
        return p;
    }

    private static byte[] pathBytes(int[] path) {
        byte[] b = new byte[path.length * 4];
        for (int i = 0; i < path.length; i++) {
            b[4 * i] = (byte) (path[i] >>> 24);
            b[4 * i + 1] = (byte) (path[i] >>> 16);
            b[4 * i + 2] = (byte) (path[i] >>> 8);
            b[4 * i + 3] = (byte) path[i];
        }
        return b;
    }

    // ---- public keys ----

    /** C2 GET PUBKEY through the secure channel. */
    byte[] publicKey(int p1, int p2, byte[] data) {
        card.requireInitialized();
        card.requireUserAuth();
        int mode = p1 & 0x0F;
        if (mode > 1 || p2 > 2 || (p2 == 2 && p1 != 0)
                || (card.state.type == CardType.NFT && (p1 != 0 || p2 == 2))) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        KeyTree tree = treeFor(p1);
        int[] path;
        if (mode == 0) {
            if (data.length != 0) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            path = tree.currentPath;
        } else {
            if (data.length == 0) {
                throw new SwException(Sw.WRONG_LENGTH);
            }
            if (!tree.derivable()) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
            path = absolutePath(tree, p1 >> 6, data, false);
        }
        if (p2 == 0) {
            return pathBytes(path);
        }
        ExtendedKey node = tree.at(path);
        try {
            if (p2 == 1) {
                return node.publicKey();
            }
            if (!card.state.xpubExport) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
            if (node.depth() < 3) {
                throw new SwException(Sw.COMMAND_NOT_ALLOWED);
            }
            byte[] r = new byte[106];
            System.arraycopy(XPUB_VERSION, 0, r, 0, 4);
            r[4] = (byte) node.depth();
            System.arraycopy(Hashes.sha256(node.parentPublicKey()), 0, r, 5, 32);
            int child = node.childNumber();
            r[37] = (byte) (child >>> 24);
            r[38] = (byte) (child >>> 16);
            r[39] = (byte) (child >>> 8);
            r[40] = (byte) child;
            byte[] chain = node.chainCode();
            System.arraycopy(chain, 0, r, 41, 32);
            Arrays.fill(chain, (byte) 0);
            System.arraycopy(node.compressedPublicKey(), 0, r, 73, 33);
            return r;
        } finally {
            node.wipe();
        }
    }

    /**
     * Plain GET PUBKEY (no secure channel, no PIN): the current key, when clear reading is enabled
     * (C5 P1=01), or — k1 only — when a PIN-less path is set and the current path lies under the
     * EIP-1581 prefix.
     */
    byte[] clearPublicKey(int p1, int p2) {
        CardState st = card.state;
        if ((p1 != 0x00 && p1 != 0x10) || p2 != 0x01) {
            throw new SwException(Sw.DATA_NOT_FOUND);
        }
        if (!st.initialized || !st.hasKey()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        KeyTree tree = p1 == 0x10 ? st.r1 : st.k1;
        if (tree == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (!st.clearPubRead) {
            if (st.pinlessPath == null || p1 != 0x00) {
                throw new SwException(Sw.DATA_NOT_FOUND);
            }
            if (!startsWith(tree.currentPath, PINLESS_PREFIX)) {
                throw new SwException(Sw.PATH_NOT_ALLOWED);
            }
        }
        ExtendedKey node = tree.current();
        try {
            return node.publicKey();
        } finally {
            node.wipe();
        }
    }

    // ---- signatures ----

    /**
     * C0 SIGN: hash (32) ‖ [path, when deriving] ‖ [PIN (9), unless a user key authorised this hash].
     * P1 low nibble 0 = current key, 1 = derive from bits 7–6 (not changing the current key);
     * bit 4 = r1. P2 00 = ECDSA low S, 01 = with the EOSIO canonical filter.
     */
    byte[] sign(int p1, int p2, byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        Session s = card.session;
        if (p1 == 0x03) {
            return signPinlessSecure(p2, data);
        }
        int mode = p1 & 0x0F;
        if (mode > 1 || (p1 & 0x20) != 0 || (p1 >> 6) == 3 || p2 > 1
                || (st.type == CardType.NFT && p1 != 0x00)) {
            throw new SwException(Sw.WRONG_P1P2);
        }
        if (!st.hasKey()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        boolean byUserKey = !s.signAuthorized.isEmpty();
        int pinLen = byUserKey ? 0 : 9;
        if (data.length < 32) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int pathLen = data.length - 32 - pinLen;
        if (pathLen < 0 || (mode == 0 && pathLen != 0)) {
            throw new SwException(Sw.WRONG_LENGTH);
        }
        if (pathLen % 4 != 0) {
            throw new SwException(Sw.WRONG_DATA);
        }
        byte[] hash = Arrays.copyOf(data, 32);
        if (byUserKey) {
            if (!Arrays.equals(hash, s.signAuthorized.peekFirst())) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
        } else {
            if (!st.pinAuth) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
            byte[] pin = Arrays.copyOfRange(data, data.length - 9, data.length);
            try {
                Auth.verifyPin(card, pin);
            } finally {
                Arrays.fill(pin, (byte) 0);
            }
        }
        KeyTree tree = treeFor(p1);
        int[] path = mode == 0 ? tree.currentPath
                : absolutePath(tree, p1 >> 6, Arrays.copyOfRange(data, 32, 32 + pathLen), true);
        if (mode == 1 && !tree.derivable() && path.length > 0) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        byte[] sig = signWith(tree, path, hash, p2 == 1);
        if (byUserKey) {
            s.signAuthorized.removeFirst();
        }
        return sig;
    }

    private byte[] signWith(KeyTree tree, int[] path, byte[] hash, boolean eos) {
        ExtendedKey node = tree.at(path);
        byte[] sig;
        try {
            sig = node.sign(hash, card.signer, eos);
        } finally {
            node.wipe();
        }
        CardState st = card.state;
        st.signingCounter = (st.signingCounter + 1) & 0xFFFFFFFFL;
        st.history.addFirst(new CardState.HistoryEntry(st.signingCounter, hash));
        while (st.history.size() > CardState.HISTORY_SIZE) {
            st.history.removeLast();
        }
        card.commit();
        return sig;
    }

    /** C0 P1=03, plain: PIN-less signature with the key at the PIN-less path (k1). */
    byte[] signPinless(int p2, byte[] hash) {
        CardState st = card.state;
        if (p2 > 1) {
            throw new SwException(Sw.WRONG_P1P2);
        }
        if (!st.initialized || !st.hasKey() || !st.k1.derivable()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (st.pinlessPath == null) {
            throw new SwException(Sw.DATA_NOT_FOUND);
        }
        return signWith(st.k1, st.pinlessPath, hash.clone(), p2 == 1);
    }

    private byte[] signPinlessSecure(int p2, byte[] data) {
        if (data.length != 32) {
            throw new SwException(Sw.WRONG_DATA);
        }
        return signPinless(p2, data);
    }

    /** F8 P1=01 (NFT): 'C' 'R' ‖ nonce (16) ‖ 17 bytes ‖ 00, then its signature by the current k1 key. */
    byte[] nftSignatureCheck(int p1, byte[] nonce) {
        card.requireInitialized();
        if (p1 != 0x01) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (nonce.length != 16) {
            throw new SwException(Sw.INVALID_DATA);
        }
        CardState st = card.state;
        if (!st.hasKey()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        byte[] msg = new byte[36];
        msg[0] = 'C';
        msg[1] = 'R';
        System.arraycopy(nonce, 0, msg, 2, 16);
        // bytes 18–34 are undocumented: the emulator puts the signing counter there, then zeros
        long c = st.signingCounter;
        msg[18] = (byte) (c >> 24);
        msg[19] = (byte) (c >> 16);
        msg[20] = (byte) (c >> 8);
        msg[21] = (byte) c;
        ExtendedKey node = st.k1.current();
        try {
            byte[] sig = node.sign(Hashes.sha256(msg), card.signer, false);
            byte[] r = Arrays.copyOf(msg, 36 + sig.length);
            System.arraycopy(sig, 0, r, 36, sig.length);
            return r;
        } finally {
            node.wipe();
        }
    }

    // ---- DECRYPT ----

    /** C4 DECRYPT: [PIN] ‖ peer P-256 key (65) ‖ [ciphertext]; key = SHA-256(ECDH) = IV ‖ AES-128 key. */
    byte[] decrypt(int p1, byte[] data) {
        card.requireInitialized();
        if (p1 > 1) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        CardState st = card.state;
        if (!st.hasKey() || st.r1 == null) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        int pinLen = card.session.userKeyAuth ? 0 : 9;
        int ctLen = data.length - pinLen - 65;
        if (ctLen < 0 || (p1 == 0 && ctLen != 0) || (p1 == 1 && (ctLen == 0 || ctLen % 16 != 0))) {
            throw new SwException(Sw.WRONG_DATA);
        }
        if (pinLen > 0) {
            if (!st.pinAuth) {
                throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
            }
            byte[] pin = Arrays.copyOf(data, 9);
            try {
                Auth.verifyPin(card, pin);
            } finally {
                Arrays.fill(pin, (byte) 0);
            }
        }
        byte[] x;
        ExtendedKey node = st.r1.at(DECRYPT_PATH);
        try {
            byte[] priv = node.privateKey();
            try {
                x = Curve.SECP256R1.ecdhX(priv,
                        Curve.SECP256R1.decodeUncompressed(Arrays.copyOfRange(data, pinLen, pinLen + 65)));
            } catch (IllegalArgumentException e) {
                throw new SwException(Sw.WRONG_DATA);
            } finally {
                Arrays.fill(priv, (byte) 0);
            }
        } finally {
            node.wipe();
        }
        byte[] k = Hashes.sha256(x);
        Arrays.fill(x, (byte) 0);
        if (p1 == 0) {
            return k;
        }
        try {
            return Aes.decrypt(Arrays.copyOfRange(k, 16, 32), Arrays.copyOf(k, 16),
                    Arrays.copyOfRange(data, pinLen + 65, data.length));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    // ---- PUK-protected settings ----

    /** C1 SET PINLESS PATH: PUK ‖ path (3–8 levels under m/43'/60'/1581'); PUK alone disables. */
    byte[] setPinlessPath(byte[] data) {
        card.requireInitialized();
        CardState st = card.state;
        if (!st.hasKey() || !st.k1.derivable()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        if (data.length < 12) {
            throw new SwException(Sw.WRONG_DATA);
        }
        int pathLen = data.length - 12;
        int[] path = null;
        if (pathLen > 0) {
            if (pathLen % 4 != 0 || pathLen < 12 || pathLen > 32) {
                throw new SwException(Sw.WRONG_DATA);
            }
            path = parsePath(Arrays.copyOfRange(data, 12, data.length));
            if (!startsWith(path, PINLESS_PREFIX)) {
                throw new SwException(Sw.PATH_NOT_ALLOWED);
            }
        }
        Auth.verifyPuk(card, Arrays.copyOf(data, 12), Sw.WRONG_CODE_BASE);
        st.pinlessPath = path;
        card.commit();
        return new byte[0];
    }

    /** C5 SET PUB EXPORT: P1 00 xpub export, 01 clear public key reading; status ‖ PUK. */
    byte[] setPubExport(int p1, byte[] data) {
        card.requireInitialized();
        if (p1 > 1) {
            throw new SwException(Sw.INCORRECT_P1P2);
        }
        if (data.length != 13) {
            throw new SwException(Sw.WRONG_DATA);
        }
        if (!card.state.hasKey()) {
            throw new SwException(Sw.CONDITIONS_NOT_SATISFIED);
        }
        Auth.verifyPuk(card, Arrays.copyOfRange(data, 1, 13), Sw.WRONG_CODE_BASE);
        if (p1 == 0) {
            card.state.xpubExport = data[0] != 0;
        } else {
            card.state.clearPubRead = data[0] != 0;
        }
        card.commit();
        return new byte[0];
    }

    private static boolean startsWith(int[] path, int[] prefix) {
        if (path.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (path[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A BER-TLV header with a 1-byte tag and a 1–3 byte length. */
    private record Tlv(int tag, int valueStart, int end) {
        static Tlv read(byte[] b, int i) {
            if (i + 2 > b.length) {
                throw new SwException(Sw.WRONG_DATA);
            }
            int tag = b[i] & 0xFF;
            int len = b[i + 1] & 0xFF;
            int start = i + 2;
            if (len == 0x81) {
                if (start + 1 > b.length) {
                    throw new SwException(Sw.WRONG_DATA);
                }
                len = b[start] & 0xFF;
                start += 1;
            } else if (len == 0x82) {
                if (start + 2 > b.length) {
                    throw new SwException(Sw.WRONG_DATA);
                }
                len = ((b[start] & 0xFF) << 8) | (b[start + 1] & 0xFF);
                start += 2;
            } else if (len > 0x7F) {
                throw new SwException(Sw.WRONG_DATA);
            }
            if (start + len > b.length) {
                throw new SwException(Sw.WRONG_DATA);
            }
            return new Tlv(tag, start, start + len);
        }
    }
}
