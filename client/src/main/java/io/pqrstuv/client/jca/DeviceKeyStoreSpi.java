package io.pqrstuv.client.jca;

import io.pqrstuv.client.KeyId;
import io.pqrstuv.client.KeyList;
import io.pqrstuv.client.PqrstuvClient;
import io.pqrstuv.client.error.PqrstuvException;
import io.pqrstuv.client.keys.DeviceKeys;
import io.pqrstuv.icp.alg.Algorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device's keys as a read-only KeyStore. {@code load(null, secret)} (or {@code load(null, null)}
 * to use the provider's {@link SecretSource}) lists every algorithm's keys and fetches each public
 * key, in one authenticated sequence. Aliases are the base64url key identifiers. Entries hold no
 * private material: {@link #engineGetKey} returns a {@link PqrstuvPrivateKey} handle.
 */
final class DeviceKeyStoreSpi extends KeyStoreSpi {
    private record Entry(KeyId id, Algorithm algorithm, PublicKey publicKey) {
    }

    private final PqrstuvProvider provider;
    private Map<String, Entry> entries = Map.of();

    DeviceKeyStoreSpi(PqrstuvProvider provider) {
        this.provider = provider;
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("the PQRSTUV key store lives on the device: load(null, secret)");
        }
        try {
            if (password == null) {
                entries = provider.withDevice(this::fetch);
            } else {
                byte[] secret = utf8(password);
                try (var seq = provider.client().authorize(secret)) {
                    entries = fetch(seq);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
        } catch (PqrstuvException | GeneralSecurityException e) {
            throw new IOException("loading the device key store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void engineLoad(KeyStore.LoadStoreParameter param) throws IOException {
        if (param == null) {
            engineLoad(null, null);
        } else if (param.getProtectionParameter() instanceof KeyStore.PasswordProtection p) {
            engineLoad(null, p.getPassword());
        } else {
            throw new IllegalArgumentException("use a PasswordProtection holding the device secret, or null");
        }
    }

    private Map<String, Entry> fetch(io.pqrstuv.client.AuthorizedSequence seq)
            throws PqrstuvException, GeneralSecurityException {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Algorithm a : provider.client().info().algorithms()) {
            KeyList l = seq.listKeys(a);
            for (KeyId id : l.identifiers()) {
                m.put(id.base64Url(), new Entry(id, a, DeviceKeys.publicKey(seq.publicKey(id))));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        Entry e = entries.get(alias);
        return e == null ? null : new PqrstuvPrivateKey(e.id(), e.algorithm());
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        Certificate c = engineGetCertificate(alias);
        return c == null ? null : new Certificate[] {c};
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        Entry e = entries.get(alias);
        return e == null ? null : new PublicKeyCertificate(e.publicKey());
    }

    /** The device keeps no creation metadata (spec "Secure Storage"). */
    @Override
    public Date engineGetCreationDate(String alias) {
        return null;
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("the device assigns identifiers: import keys with PqrstuvClient or 'pqrstuv import'");
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw new KeyStoreException("the device assigns identifiers: import keys with PqrstuvClient or 'pqrstuv import'");
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        throw new KeyStoreException("the device stores no certificates");
    }

    /** Deletes the key on the device (/key_delete). */
    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        Entry e = entries.get(alias);
        if (e == null) {
            return;
        }
        try {
            provider.withDevice(seq -> {
                seq.deleteKey(e.id());
                return null;
            });
        } catch (PqrstuvException | IOException | GeneralSecurityException ex) {
            throw new KeyStoreException("deleting " + alias + " failed: " + ex.getMessage(), ex);
        }
        Map<String, Entry> m = new LinkedHashMap<>(entries);
        m.remove(alias);
        entries = Collections.unmodifiableMap(m);
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(entries.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public int engineSize() {
        return entries.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return entries.containsKey(alias);
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        for (var e : entries.entrySet()) {
            if (Arrays.equals(e.getValue().publicKey().getEncoded(), cert.getPublicKey().getEncoded())) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        throw new IOException("the PQRSTUV key store lives on the device; nothing to store");
    }
}
