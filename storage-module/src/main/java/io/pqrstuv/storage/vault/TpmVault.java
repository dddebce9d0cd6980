package io.pqrstuv.storage.vault;

import io.pqrstuv.storage.persist.KeyRefusedException;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.vault.tpm.TpmConnection;
import io.pqrstuv.storage.vault.tpm.TpmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * TPM 2.0 root of trust ({@code --vault tpm[:TCTI]}), talking to the TPM from inside the JVM over
 * one long-lived {@link TpmConnection} (tpm2-tss ESAPI through the foreign-function API).
 *
 * <p>TPM 2.0 has no AES-GCM, so each slot's AES-256 key is a 32-byte data key drawn from the
 * TPM's RNG and sealed into a keyed-hash object whose only authorisation is a PolicyPCR over
 * {@link #PCR_SELECTION} (no userWithAuth: no password can unseal it), made persistent in TPM NV
 * at {@link #handle}: nothing of the key is on disk, so destroying it (evicting) is final.
 *
 * <p><b>In-memory window (docs/security.md, P-70).</b> Unsealed data keys are held per burst of
 * use, by a {@link KeyWindow}: a miss unseals both slots' current keys in one salted policy
 * session (so a command's token check and key read share one unseal); the keys are wiped
 * {@link KeyWindow#idle} after their last use and re-unsealed at least every
 * {@link KeyWindow#maxAge}; and before a key is used the four policy PCRs are re-read (at most
 * every {@link KeyWindow#pcrCheck}): if they differ from their values at the unseal, every key is
 * wiped and the TPM is asked again, which it refuses. A PCR extend thus fails key operations
 * closed at the next command.
 */
public final class TpmVault implements Vault {
    /** The kernel's resource-managed TPM device. */
    public static final String DEFAULT_TCTI = "device:/dev/tpmrm0";
    /** Firmware (0), option ROMs (2), boot loader (4), Secure Boot policy (7), as tpm2-tools writes it. */
    public static final String PCR_SELECTION = "sha256:0,2,4,7";
    /** Persistent handles 0x81505100..03 ("PQ"): slot × generation parity. */
    static final int HANDLE_BASE = 0x81505100;

    /**
     * How long unsealed data keys may stay in RAM: wiped {@code idle} after their last use, never
     * used longer than {@code maxAge} after their unseal, PCRs re-checked at most every
     * {@code pcrCheck}.
     */
    public record KeyWindow(Duration idle, Duration maxAge, Duration pcrCheck) {
        /** The production window (P-70): 2 s idle, 10 s at most, PCRs re-read every 10 ms of use. */
        public static final KeyWindow DEFAULT = new KeyWindow(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMillis(10));

        public KeyWindow {
            Objects.requireNonNull(idle);
            Objects.requireNonNull(maxAge);
            Objects.requireNonNull(pcrCheck);
            if (idle.isNegative() || maxAge.isNegative() || pcrCheck.isNegative()) {
                throw new IllegalArgumentException("window durations are not negative");
            }
        }
    }

    private final TpmConnection tpm;
    private final SecureRandom random;
    private final KeyWindow window;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService wiper;

    /** Unsealed keys by persistent handle; all of them share one unseal and one PCR reading. */
    private final Map<Integer, DataKey> unsealed = new HashMap<>();
    private TpmConnection.PcrState pcrsAtUnseal;
    private long unsealedAt;
    private long pcrsCheckedAt;
    private long lastUse;
    private ScheduledFuture<?> idleWipe;
    /** The generation each slot was last used with: what "both keys" means on the next miss. */
    private final Map<Slot, Integer> currentGeneration = new EnumMap<>(Slot.class);
    /** Our persistent handles present in the TPM, as this vault last saw or made them. */
    private final Set<Integer> present = new HashSet<>();
    private long unseals;

    private TpmVault(TpmConnection tpm, SecureRandom random, KeyWindow window, LongSupplier nanoTime)
            throws StorageException {
        this.tpm = tpm;
        this.random = random;
        this.window = window;
        this.nanoTime = nanoTime;
        this.wiper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tpm-key-wipe");
            t.setDaemon(true);
            return t;
        });
        refreshPresent();
    }

    /** Connects to the TPM behind {@code tcti} (default {@link #DEFAULT_TCTI}) with the production window. */
    public static TpmVault open(String tcti, SecureRandom random) throws StorageException {
        return open(tcti, random, KeyWindow.DEFAULT);
    }

    /** Connects with another in-memory window (tests). */
    public static TpmVault open(String tcti, SecureRandom random, KeyWindow window) throws StorageException {
        TpmConnection c = TpmConnection.open(tcti == null || tcti.isEmpty() ? DEFAULT_TCTI : tcti);
        try {
            return new TpmVault(c, random, window, System::nanoTime);
        } catch (StorageException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "tpm (" + tpm.tcti() + ", tpm2-tss ESAPI), keys sealed to PCR " + PCR_SELECTION;
    }

    /** Two generations coexist only during a rotation, so parity tells them apart. */
    static int handle(Slot slot, int generation) {
        return HANDLE_BASE + slot.ordinal() * 2 + (generation & 1);
    }

    private void refreshPresent() throws StorageException {
        Set<Integer> all = tpm.persistentHandles();
        present.clear();
        for (Slot s : Slot.values()) {
            for (int parity = 0; parity < 2; parity++) {
                if (all.contains(handle(s, parity))) {
                    present.add(handle(s, parity));
                }
            }
        }
    }

    @Override
    public synchronized boolean hasAnyKey(Slot slot) throws StorageException {
        refreshPresent();
        return present.contains(handle(slot, 0)) || present.contains(handle(slot, 1));
    }

    @Override
    public synchronized void createKey(Slot slot, int generation) throws StorageException {
        int h = handle(slot, generation);
        wipe(); // a key cached under this handle belongs to an older generation
        present.remove(h);
        tpm.seal(h, DataKey.LENGTH);
        present.add(h);
    }

    @Override
    public synchronized void destroyKey(Slot slot, int generation) throws StorageException {
        int h = handle(slot, generation);
        wipe();
        tpm.evict(h);
        present.remove(h);
    }

    @Override
    public synchronized void destroyStale(Slot slot, int keep) throws StorageException {
        refreshPresent();
        for (int parity = 0; parity < 2; parity++) {
            int h = handle(slot, parity);
            if (present.contains(h) && (keep == 0 || h != handle(slot, keep))) {
                wipe();
                tpm.evict(h);
                present.remove(h);
            }
        }
    }

    @Override
    public synchronized byte[] encrypt(Slot slot, int generation, byte[] plaintext, byte[] aad) throws StorageException {
        return key(slot, generation).encrypt(random, plaintext, aad);
    }

    @Override
    public synchronized byte[] decrypt(Slot slot, int generation, byte[] sealed, byte[] aad) throws StorageException {
        return key(slot, generation).decrypt(sealed, aad);
    }

    /** How many unseal steps (one TPM session each, one or two keys) this vault has made. */
    public synchronized long unseals() {
        return unseals;
    }

    /** Whether any unsealed data key is in RAM right now. */
    public synchronized boolean holdsKeys() {
        return !unsealed.isEmpty();
    }

    /** The data key of {@code slot}/{@code generation}, from the window or freshly unsealed. */
    private DataKey key(Slot slot, int generation) throws StorageException {
        long now = nanoTime.getAsLong();
        currentGeneration.put(slot, generation);
        if (!unsealed.isEmpty()) {
            if (now - unsealedAt >= window.maxAge().toNanos()) {
                wipe();
            } else if (now - pcrsCheckedAt >= window.pcrCheck().toNanos()) {
                TpmConnection.PcrState current;
                try {
                    current = tpm.readPolicyPcrs();
                } catch (StorageException | RuntimeException e) {
                    wipe();
                    throw e;
                }
                pcrsCheckedAt = now;
                if (!current.sameValues(pcrsAtUnseal)) {
                    wipe(); // measured state changed: the TPM decides again, and will refuse
                }
            }
        }
        int h = handle(slot, generation);
        DataKey key = unsealed.get(h);
        if (key == null) {
            unsealTogether(slot, h);
            key = unsealed.get(h);
        }
        lastUse = nanoTime.getAsLong();
        scheduleIdleWipe();
        return key;
    }

    /**
     * One unseal step: {@code wanted} and the other slot's current key, in one salted policy
     * session. The PCRs are read first: were they extended between the reading and the unseal,
     * the TPM refuses, so the reading kept always matches what the TPM checked.
     */
    private void unsealTogether(Slot wanted, int wantedHandle) throws StorageException {
        wipe();
        List<Integer> handles = new ArrayList<>(2);
        handles.add(wantedHandle);
        for (Map.Entry<Slot, Integer> e : currentGeneration.entrySet()) {
            int h = handle(e.getKey(), e.getValue());
            if (e.getKey() != wanted && present.contains(h)) {
                handles.add(h);
            }
        }
        TpmConnection.PcrState pcrs = tpm.readPolicyPcrs();
        List<byte[]> keys;
        try {
            keys = tpm.unseal(handles.stream().mapToInt(Integer::intValue).toArray());
        } catch (TpmException e) {
            if (e.isAuthorisationRefused()) {
                throw new KeyRefusedException("the TPM refused to unseal the " + wanted.label()
                        + " key (PCR values changed since it was sealed): " + e.getMessage(), e);
            }
            if (handles.size() == 1) {
                throw new StorageException("the TPM cannot unseal the " + wanted.label() + " key (destroyed?): "
                        + e.getMessage(), e);
            }
            // The other slot's key may be gone (a reset in progress): the wanted one alone.
            refreshPresent();
            handles.subList(1, handles.size()).clear();
            try {
                keys = tpm.unseal(wantedHandle);
            } catch (TpmException again) {
                if (again.isAuthorisationRefused()) {
                    throw new KeyRefusedException("the TPM refused to unseal the " + wanted.label()
                            + " key (PCR values changed since it was sealed): " + again.getMessage(), again);
                }
                throw new StorageException("the TPM cannot unseal the " + wanted.label() + " key: "
                        + again.getMessage(), again);
            }
        }
        unseals++;
        try {
            for (int i = 0; i < handles.size(); i++) {
                unsealed.put(handles.get(i), new DataKey(keys.get(i)));
            }
        } catch (StorageException e) {
            keys.forEach(k -> java.util.Arrays.fill(k, (byte) 0));
            wipe();
            throw e;
        }
        pcrsAtUnseal = pcrs;
        unsealedAt = nanoTime.getAsLong();
        pcrsCheckedAt = unsealedAt;
    }

    private void scheduleIdleWipe() {
        if (idleWipe == null || idleWipe.isDone()) {
            idleWipe = wiper.schedule(this::idleCheck, window.idle().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void idleCheck() {
        idleWipe = null;
        if (unsealed.isEmpty()) {
            return;
        }
        long idleFor = nanoTime.getAsLong() - lastUse;
        if (idleFor >= window.idle().toNanos()) {
            wipe();
        } else {
            idleWipe = wiper.schedule(this::idleCheck, window.idle().toNanos() - idleFor, TimeUnit.NANOSECONDS);
        }
    }

    /** Zeroizes every unsealed key. */
    private void wipe() {
        unsealed.values().forEach(DataKey::close);
        unsealed.clear();
        pcrsAtUnseal = null;
    }

    @Override
    public synchronized void close() {
        wipe();
        wiper.shutdownNow();
        tpm.close();
    }
}
