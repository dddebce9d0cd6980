package io.pqrstuv.storage.vault.tpm;

import io.pqrstuv.storage.persist.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The storage module's one long-lived connection to the TPM, through tpm2-tss's ESAPI in this
 * process: PCR-sealed data keys made persistent in TPM NV, and unsealed through salted policy
 * sessions with response encryption.
 *
 * <p><b>Salt key.</b> Each connection derives an ECC P-256 storage primary from the owner seed
 * ({@link TpmWire#storagePrimaryTemplate()}; same seed and template, same key) and keeps it loaded
 * as a transient object. Every session is salted with it, so the session key, and with it the
 * parameter encryption of the data keys on the TPM bus, is known only to this process and the
 * TPM. Because the key is re-derived rather than found at a persistent handle, whoever holds
 * owner authorisation cannot substitute a key of their own for it.
 *
 * <p><b>Reconnection.</b> A lost transport, or a TPM that no longer knows our primary or session
 * (it was restarted), closes the ESAPI context; the operation is retried once on a fresh
 * connection with a fresh primary. A refused authorisation (the PCR policy does not hold) is
 * never retried.
 *
 * <p>Thread-safe: calls are serialised (the TPM executes one command at a time anyway).
 */
public final class TpmConnection implements AutoCloseable {
    /** Firmware (0), option ROMs (2), boot loader (4), Secure Boot policy (7). */
    public static final int[] POLICY_PCRS = {0, 2, 4, 7};

    private final String tcti;
    private final byte[] pcrSelection = TpmWire.pcrSelection(TpmWire.ALG_SHA256, POLICY_PCRS);
    private final boolean resourceManaged;
    private Esys esys;
    private int primary = Esys.TR_NONE;
    /** ESYS_TRs of persistent objects already looked up on this connection. */
    private final Map<Integer, Integer> persistent = new HashMap<>();
    private int connects;
    private boolean closed;

    private TpmConnection(String tcti) {
        this.tcti = tcti;
        // The kernel's resource manager (/dev/tpmrm0) flushes what a dead process left behind and
        // isolates connections; without it (swtpm, /dev/tpm0) leftovers are ours to flush.
        this.resourceManaged = tcti.contains("tpmrm");
    }

    /** Connects to the TPM behind {@code tcti} (tpm2-tools syntax) and derives the salt key. */
    public static TpmConnection open(String tcti) throws StorageException {
        TpmConnection c = new TpmConnection(tcti);
        c.connect();
        return c;
    }

    /** Whether the tpm2-tss libraries this class needs are installed. */
    public static boolean librariesAvailable() {
        return Tss2.available();
    }

    public String tcti() {
        return tcti;
    }

    /** How many times a connection was (re-)established, including the first. */
    public synchronized int connects() {
        return connects;
    }

    private void connect() throws StorageException {
        if (closed) {
            throw new StorageException("the TPM connection is closed");
        }
        Esys e = Esys.open(tcti);
        try {
            List<Integer> transients;
            try {
                transients = e.handles(TpmWire.HT_TRANSIENT);
            } catch (TpmException x) {
                if ((x.rc() & 0xFFFF) != TpmRc.INITIALIZE) {
                    throw x;
                }
                e.startup(); // a TPM nobody started (no firmware in front of it)
                transients = e.handles(TpmWire.HT_TRANSIENT);
            }
            if (!resourceManaged) {
                flushLeftovers(e, transients);
            }
            primary = e.createPrimary(TpmWire.storagePrimaryTemplate());
        } catch (StorageException | RuntimeException x) {
            e.close();
            throw x;
        }
        esys = e;
        persistent.clear();
        connects++;
    }

    /** Transient objects and sessions an earlier process (killed, or tpm2-tools) left loaded. */
    private static void flushLeftovers(Esys e, List<Integer> transients) throws TpmException {
        List<Integer> doomed = new ArrayList<>(transients);
        doomed.addAll(e.handles(TpmWire.HT_LOADED_SESSION));
        for (int handle : doomed) {
            try {
                e.flush(e.fromTpmPublic(handle));
            } catch (TpmException gone) {
                // Flushed meanwhile by its owner: fine.
            }
        }
    }

    private void disconnect() {
        if (esys != null) {
            esys.close(); // the kernel RM flushes our transients; otherwise the next connect does
            esys = null;
        }
        primary = Esys.TR_NONE;
        persistent.clear();
    }

    /** One TPM operation on the current connection. */
    @FunctionalInterface
    private interface Op<T> {
        T run(Esys e) throws StorageException;
    }

    /**
     * Runs {@code op}, and once more on a fresh connection if the TPM was lost or restarted
     * underneath. Every operation here is idempotent, so a retry after a partial run is safe.
     */
    private <T> T run(Op<T> op) throws StorageException {
        if (esys == null) {
            connect();
        }
        try {
            return op.run(esys);
        } catch (TpmException e) {
            if (!e.isConnectionLost() && !TpmRc.isRetry(e.rc())) {
                throw e;
            }
            disconnect();
            connect();
            return op.run(esys);
        }
    }

    private int persistentTr(Esys e, int handle) throws TpmException {
        Integer tr = persistent.get(handle);
        if (tr == null) {
            tr = e.fromTpmPublic(handle);
            persistent.put(handle, tr);
        }
        return tr;
    }

    private void forget(Esys e, int handle) {
        Integer tr = persistent.remove(handle);
        if (tr != null) {
            e.closeHandle(tr);
        }
    }

    /** The persistent handles present in the TPM (owner and platform ranges). */
    public synchronized Set<Integer> persistentHandles() throws StorageException {
        return run(e -> new HashSet<>(e.handles(TpmWire.HT_PERSISTENT)));
    }

    /**
     * Seals {@code length} bytes from the TPM's RNG under the PCR policy and makes the object
     * persistent at {@code handle}, replacing whatever was there.
     */
    public synchronized void seal(int handle, int length) throws StorageException {
        run(e -> {
            evictIfPresent(e, handle);
            byte[] policy = pcrPolicyDigest(e);
            int session = e.startSession(primary, Esys.SE_HMAC);
            int object;
            try {
                object = e.createSealedRandom(primary, session, TpmWire.sealedObjectTemplate(policy), length);
            } finally {
                flushQuietly(e, session);
            }
            try {
                persistent.put(handle, e.evictControl(object, handle));
            } finally {
                flushQuietly(e, object);
            }
            return null;
        });
    }

    /** Evicts the persistent object at {@code handle}; does nothing if there is none. */
    public synchronized void evict(int handle) throws StorageException {
        run(e -> {
            evictIfPresent(e, handle);
            return null;
        });
    }

    private void evictIfPresent(Esys e, int handle) throws TpmException {
        if (!e.handles(TpmWire.HT_PERSISTENT).contains(handle)) {
            forget(e, handle);
            return;
        }
        int tr = persistentTr(e, handle);
        persistent.remove(handle);
        e.evictControl(tr, handle); // ESAPI forgets the ESYS_TR of an evicted object itself
    }

    /**
     * Unseals the objects at {@code handles}, in that order, in one salted policy session with
     * response encryption: PolicyPCR over the current PCR values, then Unseal, for each (the TPM
     * resets a policy session after it authorised a command, so each object gets its own
     * PolicyPCR). The caller zeroizes the returned arrays.
     *
     * @throws TpmException with {@link TpmException#isAuthorisationRefused()} when the PCR values
     *     differ from those the objects were sealed to
     */
    public synchronized List<byte[]> unseal(int... handles) throws StorageException {
        return run(e -> {
            List<byte[]> out = new ArrayList<>(handles.length);
            int session = e.startSession(primary, Esys.SE_POLICY);
            try {
                e.setAttributes(session, (byte) (Esys.CONTINUE_SESSION | Esys.ENCRYPT), (byte) 0xFF);
                for (int i = 0; i < handles.length; i++) {
                    if (i > 0) {
                        e.policyRestart(session);
                    }
                    e.policyPcr(session, pcrSelection);
                    out.add(e.unseal(persistentTr(e, handles[i]), session));
                }
                return out;
            } catch (StorageException | RuntimeException x) {
                out.forEach(k -> java.util.Arrays.fill(k, (byte) 0));
                throw x;
            } finally {
                flushQuietly(e, session);
            }
        });
    }

    /** The current values of the policy PCRs (0, 2, 4, 7) and the TPM's PCR update counter. */
    public synchronized PcrState readPolicyPcrs() throws StorageException {
        return run(e -> {
            Esys.PcrValues v = e.readPcrs(pcrSelection);
            return new PcrState(v.updateCounter(), v.digests());
        });
    }

    /** Extends SHA-256 PCR {@code pcr} with {@code digest}, as a tamper monitor would. */
    public synchronized void extendPcr(int pcr, byte[] digest) throws StorageException {
        run(e -> {
            e.extendPcr(pcr, digest);
            return null;
        });
    }

    /** The PolicyPCR digest of the current PCR values, from a trial session. */
    private byte[] pcrPolicyDigest(Esys e) throws TpmException {
        int trial = e.startSession(Esys.TR_NONE, Esys.SE_TRIAL);
        try {
            e.policyPcr(trial, pcrSelection);
            return e.policyDigest(trial);
        } finally {
            flushQuietly(e, trial);
        }
    }

    private static void flushQuietly(Esys e, int tr) {
        try {
            e.flush(tr);
        } catch (TpmException ignored) {
            // Already gone (the TPM ended it, or the connection is lost and will be rebuilt).
        }
    }

    /** A reading of the policy PCRs. */
    public record PcrState(int updateCounter, List<byte[]> values) {
        /** Whether the selected PCR values are the same (the counter also moves for other PCRs). */
        public boolean sameValues(PcrState other) {
            if (values.size() != other.values.size()) {
                return false;
            }
            for (int i = 0; i < values.size(); i++) {
                if (!java.util.Arrays.equals(values.get(i), other.values.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Flushes the salt key (when no resource manager does) and ends the ESAPI context. */
    @Override
    public synchronized void close() {
        if (esys != null && !resourceManaged && primary != Esys.TR_NONE) {
            flushQuietly(esys, primary);
        }
        disconnect();
        closed = true;
    }
}
