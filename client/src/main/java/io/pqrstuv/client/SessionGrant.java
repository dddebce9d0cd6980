package io.pqrstuv.client;

import io.pqrstuv.ecp.Base64Url;

/** A fresh authenticated session from /init: its 4-byte id and 16-byte nonce. Used for exactly one call. */
public record SessionGrant(byte[] session, byte[] nonce) {
    public SessionGrant {
        if (session.length != 4 || nonce.length != 16) {
            throw new IllegalArgumentException("session is 4 bytes, nonce 16 bytes");
        }
        session = session.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] session() {
        return session.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public String sessionHeader() {
        return Base64Url.encode(session);
    }

    @Override
    public String toString() {
        // The session id is a bearer-ish handle until used: keep it out of logs.
        return "SessionGrant[…]";
    }
}
