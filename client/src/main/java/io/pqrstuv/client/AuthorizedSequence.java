package io.pqrstuv.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pqrstuv.client.error.CommandFailedException;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.client.keys.DeviceSignatures;
import io.pqrstuv.client.keys.SecretWrapping;
import io.pqrstuv.ecp.Api;
import io.pqrstuv.ecp.Base64Url;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.alg.Algorithm;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One predefined sequence of authenticated operations (spec "Authenticated sessions"): holds the
 * user secret until {@link #close()}, which wipes it. Each method runs /init, derives the token
 * SHA-256(secret ‖ nonce)[0..16) and makes exactly one call in that session.
 *
 * <p>Not thread-safe. After {@link #setSecret} or {@link #deviceReset} succeeds, later calls of the
 * same sequence use the new secret (the empty one after a reset, D-8), so a sequence never sends a
 * secret the device no longer accepts (which would count towards the rate limit).
 */
public final class AuthorizedSequence implements AutoCloseable {
    private final PqrstuvClient client;
    private final SecureRandom random;
    private byte[] secret;

    AuthorizedSequence(PqrstuvClient client, byte[] secret, SecureRandom random) {
        this.client = client;
        this.secret = secret.clone();
        this.random = random;
    }

    /** /set_secret then /confirm_secret: replaces the device secret with {@code newSecret} (not modified). */
    public void setSecret(Algorithm transport, byte[] newSecret) throws PqrstuvException, InvalidKeyException {
        if (!transport.isKem()) {
            throw new IllegalArgumentException(transport.displayName() + " is not a KEM/encryption algorithm");
        }
        if (newSecret.length > SecretWrapping.MAX_SECRET_LENGTH) {
            throw new IllegalArgumentException("the secret must be shorter than 1024 bytes");
        }
        byte[] spki = EcpCodec.bytes(Api.SET_SECRET, authenticated(Api.SET_SECRET, IntNode.valueOf(transport.coseId())), false);
        PublicKey key = DeviceKeys.publicKey(spki);
        SecretWrapping.Wrapped w = SecretWrapping.wrap(transport, key, newSecret, random);
        ObjectNode data = Json.object();
        data.put("encrypted_secret", Base64Url.encode(w.encryptedSecret()));
        data.put("symmetric_key", Base64Url.encode(w.symmetricKey()));
        EcpCodec.empty(Api.CONFIRM_SECRET, authenticated(Api.CONFIRM_SECRET, data));
        replaceSecret(newSecret.clone());
    }

    /** /device_reset: wipes keys, secret (back to empty, D-8) and configuration. */
    public void deviceReset() throws PqrstuvException {
        EcpCodec.empty(Api.DEVICE_RESET, authenticated(Api.DEVICE_RESET, TextNode.valueOf("")));
        replaceSecret(new byte[0]);
    }

    /** /crypto_reset: wipes every stored key. */
    public void cryptoReset() throws PqrstuvException {
        EcpCodec.empty(Api.CRYPTO_RESET, authenticated(Api.CRYPTO_RESET, TextNode.valueOf("")));
    }

    /** /keygen. */
    public KeyId keygen(Algorithm algorithm) throws PqrstuvException {
        return EcpCodec.keyId(Api.KEYGEN, authenticated(Api.KEYGEN, IntNode.valueOf(algorithm.coseId())));
    }

    /** /list_keys for one algorithm (D-21). */
    public KeyList listKeys(Algorithm algorithm) throws PqrstuvException {
        return EcpCodec.keyList(algorithm, authenticated(Api.LIST_KEYS, IntNode.valueOf(algorithm.coseId())));
    }

    /** /key_delete. */
    public void deleteKey(KeyId id) throws PqrstuvException {
        EcpCodec.empty(Api.KEY_DELETE, authenticated(Api.KEY_DELETE, TextNode.valueOf(id.base64Url())));
    }

    /** /import of a DER PKCS#8 private key (D-22). {@code pkcs8} is not modified; the request copy is wiped. */
    public KeyId importKey(byte[] pkcs8) throws PqrstuvException {
        byte[] body = EcpCodec.base64Body(pkcs8);
        try {
            return EcpCodec.keyId(Api.IMPORT, authenticatedRaw(Api.IMPORT, body));
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** /get_public_key: the key as SubjectPublicKeyInfo DER (D-23). */
    public byte[] publicKey(KeyId id) throws PqrstuvException {
        return EcpCodec.bytes(Api.GET_PUBLIC_KEY, authenticated(Api.GET_PUBLIC_KEY, TextNode.valueOf(id.base64Url())), false);
    }

    /**
     * The key's public key and algorithm. The SPKI names the algorithm for every key type except
     * RSA (always rsaEncryption, D-23); for RSA the RSA algorithms' /list_keys tell which one holds
     * the id (up to four more calls in this sequence).
     */
    public DeviceKey describeKey(KeyId id) throws PqrstuvException, InvalidKeyException {
        byte[] spki = publicKey(id);
        java.util.Set<Algorithm> candidates = DeviceKeys.candidates(spki);
        if (candidates.size() == 1) {
            return new DeviceKey(id, candidates.iterator().next(), spki);
        }
        for (Algorithm a : candidates) {
            try {
                if (listKeys(a).identifiers().contains(id)) {
                    return new DeviceKey(id, a, spki);
                }
            } catch (CommandFailedException notOffered) {
                // CMD_FAIL: the device does not offer this algorithm; try the next one
            }
        }
        throw new InvalidKeyException("key " + id + " is not listed under any algorithm its public key allows");
    }

    /** /decapsulate: the ML-KEM shared secret or the RSA-OAEP plaintext. The caller wipes it. */
    public byte[] decapsulate(KeyId id, byte[] ciphertext) throws PqrstuvException {
        ObjectNode data = Json.object();
        data.put("identifier", id.base64Url());
        data.put("ciphertext", Base64Url.encode(ciphertext));
        return EcpCodec.bytes(Api.DECAPSULATE, authenticated(Api.DECAPSULATE, data), true);
    }

    /**
     * The largest document /sign can carry: the device refuses request bodies over 256 KiB
     * (ECP-HTTP-15), and base64url grows the document by 4/3.
     */
    public static final int MAX_DOCUMENT = 196_500;

    /** /sign: the device signs SHA3-256(document); verify with {@link DeviceSignatures}. */
    public byte[] sign(KeyId id, byte[] document) throws PqrstuvException {
        if (document.length > MAX_DOCUMENT) {
            throw new IllegalArgumentException("document of " + document.length + " bytes is too large for /sign (at most "
                    + MAX_DOCUMENT + " bytes fit the device's 256 KiB request limit)");
        }
        ObjectNode data = Json.object();
        data.put("identifier", id.base64Url());
        data.put("document", Base64Url.encode(document));
        return EcpCodec.bytes(Api.SIGN, authenticated(Api.SIGN, data), false);
    }

    /** /renew_tls (D-31). */
    public void renewTls(TlsRenewal r) throws PqrstuvException {
        ObjectNode data = Json.object();
        data.put("export", r.export());
        data.put("country_name", r.countryName());
        data.put("state", r.state());
        data.put("province", r.province());
        data.put("organization_name", r.organizationName());
        data.put("organization_unit_name", r.organizationUnitName());
        data.put("common_name", r.commonName());
        data.put("identifier", r.identifier().base64Url());
        EcpCodec.empty(Api.RENEW_TLS, authenticated(Api.RENEW_TLS, data));
    }

    /** Signs the syslog document with {@code key} via /sign, then sends /set_syslog (two sessions). */
    public void setSyslog(SyslogTarget target, KeyId key) throws PqrstuvException {
        byte[] document = target.toJson();
        setSyslog(document, sign(key, document), key);
    }

    /** /set_syslog with an already signed document (D-33). */
    public void setSyslog(byte[] syslogData, byte[] signature, KeyId key) throws PqrstuvException {
        ObjectNode data = Json.object();
        data.put("syslog_data", Base64Url.encode(syslogData));
        data.put("signature", Base64Url.encode(signature));
        data.put("identifier", key.base64Url());
        EcpCodec.empty(Api.SET_SYSLOG, authenticated(Api.SET_SYSLOG, data));
    }

    private JsonNode authenticated(Api api, JsonNode data) throws PqrstuvException {
        return authenticatedRaw(api, EcpCodec.body(data));
    }

    /** /init, token, one call. The token is wiped as soon as it is encoded into the header. */
    private JsonNode authenticatedRaw(Api api, byte[] body) throws PqrstuvException {
        if (secret == null) {
            throw new IllegalStateException("this sequence is closed; start a new one with authorize()");
        }
        SessionGrant grant = client.init();
        byte[] nonce = grant.nonce();
        byte[] token = AuthToken.compute(secret, nonce);
        String header;
        try {
            header = Base64Url.encode(token);
        } finally {
            Arrays.fill(token, (byte) 0);
        }
        return client.call(api, grant.sessionHeader(), header, body);
    }

    private void replaceSecret(byte[] next) {
        Arrays.fill(secret, (byte) 0);
        secret = next;
    }

    /** Wipes the secret. Idempotent. */
    @Override
    public void close() {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
            secret = null;
        }
    }

    @Override
    public String toString() {
        return "AuthorizedSequence[" + (secret == null ? "closed" : "open") + "]";
    }
}
