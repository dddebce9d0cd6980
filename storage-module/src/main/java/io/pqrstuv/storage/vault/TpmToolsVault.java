package io.pqrstuv.storage.vault;

import io.pqrstuv.runtime.OwnerOnlyDirectory;
import io.pqrstuv.storage.persist.DurableFiles;
import io.pqrstuv.storage.persist.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The tpm2-tools fallback of the TPM 2.0 root of trust ({@code --vault tpm-tools[:TCTI]}), for a
 * machine without the tpm2-tss libraries {@link TpmVault} binds in process. Chosen explicitly
 * only, and it warns on every start: five tool processes per key use make each command cost
 * ~150 ms per unseal. Same objects, handles and policy as {@link TpmVault}: either can open a
 * store the other created.
 *
 * <p>TPM 2.0 has no AES-GCM, so each slot's AES-256 key is a 32-byte data key drawn from the
 * TPM's RNG ({@code tpm2_getrandom}, piped straight into {@code tpm2_create}) and sealed into a
 * keyed-hash object under an ECC P-256 owner-hierarchy primary. The object's only
 * authorisation is a PolicyPCR over {@link #PCR_SELECTION} (no userWithAuth, so no password can
 * unseal it), and it is made persistent inside the TPM (NV) with {@code tpm2_evictcontrol}: no
 * blob of it is kept on disk, so destroying it (evicting) cannot be undone from a backup.
 * The data key is unsealed into RAM for each single AES-GCM operation and zeroized after.
 * What this does and does not protect: docs/security.md.
 */
public final class TpmToolsVault implements Vault {
    /** The warning printed once per open (stderr). */
    public static final String WARNING = "WARNING: vault 'tpm-tools' runs tpm2-tools processes for every key use"
            + " (about 150 ms each); use --vault tpm (tpm2-tss ESAPI in process) where libtss2-esys is installed.";

    private static final String PCR_SELECTION = TpmVault.PCR_SELECTION;
    /** The storage primary, persisted once so each operation need not re-derive it. */
    static final int PRIMARY_HANDLE = TpmVault.HANDLE_BASE + 4;
    private static final String PRIMARY_ATTRIBUTES =
            "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|decrypt|noda";

    private final TpmTools tools;
    private final SecureRandom random;
    /** Whether the primary was seen at {@link #PRIMARY_HANDLE}; re-checked after any session failure. */
    private boolean primaryPresent;

    private TpmToolsVault(TpmTools tools, SecureRandom random) {
        this.tools = tools;
        this.random = random;
    }

    /** Checks that the TPM behind {@code tcti} answers, and prints {@link #WARNING} to {@code warnings}. */
    public static TpmToolsVault open(String tcti, SecureRandom random, java.io.PrintStream warnings)
            throws StorageException {
        TpmTools tools = new TpmTools(tcti == null || tcti.isEmpty() ? TpmVault.DEFAULT_TCTI : tcti);
        tools.run("tpm2_getcap", "properties-fixed");
        warnings.println(WARNING);
        warnings.flush();
        return new TpmToolsVault(tools, random);
    }

    @Override
    public String describe() {
        return "tpm-tools (" + tools.tcti() + ", tpm2-tools processes), keys sealed to PCR " + PCR_SELECTION;
    }

    private static int handle(Slot slot, int generation) {
        return TpmVault.handle(slot, generation);
    }

    private static String hex(int handle) {
        return String.format("0x%08x", handle);
    }

    private Set<Integer> persistentHandles() throws StorageException {
        String out = new String(tools.run("tpm2_getcap", "handles-persistent"), StandardCharsets.US_ASCII);
        Set<Integer> handles = new HashSet<>();
        for (String line : out.split("\n")) {
            String t = line.strip();
            if (t.startsWith("- 0x")) {
                handles.add(Integer.parseUnsignedInt(t.substring(4), 16));
            }
        }
        return handles;
    }

    @Override
    public boolean hasAnyKey(Slot slot) throws StorageException {
        Set<Integer> present = persistentHandles();
        return present.contains(handle(slot, 0)) || present.contains(handle(slot, 1));
    }

    @Override
    public void createKey(Slot slot, int generation) throws StorageException {
        int handle = handle(slot, generation);
        if (persistentHandles().contains(handle)) {
            evict(handle);
        }
        Path work = workDir();
        try {
            String primary = ensurePrimary();
            String policy = work.resolve("policy.dat").toString();
            String pub = work.resolve("seal.pub").toString();
            String priv = work.resolve("seal.priv").toString();
            String object = work.resolve("seal.ctx").toString();
            tools.run("tpm2_createpolicy", "-Q", "--policy-pcr", "-l", PCR_SELECTION, "-L", policy);
            // A session salted with the primary's key, with command-parameter encryption: the
            // data key crosses the TPM bus encrypted.
            String session = startSession(work, "--hmac-session", primary);
            tools.run("tpm2_sessionconfig", session, "--enable-decrypt");
            tools.pipe("tpm2_getrandom", new String[] {String.valueOf(DataKeyCipher.KEY_LENGTH)},
                    "tpm2_create", "-Q", "-C", primary, "-P", "session:" + session, "-L", policy,
                    "-a", "fixedtpm|fixedparent|adminwithpolicy|noda", "-i", "-", "-u", pub, "-r", priv);
            flushSession(work);
            tools.run("tpm2_load", "-Q", "-C", primary, "-u", pub, "-r", priv, "-c", object);
            tools.run("tpm2_evictcontrol", "-Q", "-C", "o", "-c", object, hex(handle));
        } finally {
            flush();
            removeWorkDir(work);
        }
    }

    /**
     * Flushes transient objects and sessions the tools left loaded: without a resource manager
     * (swtpm, /dev/tpm0) they would accumulate until the TPM runs out of slots.
     */
    private void flush() {
        if (tools.tcti().contains("tpmrm")) {
            return; // the kernel resource manager flushes for us
        }
        // One kind per call: the tool handles only one of -t/-l/-s per invocation.
        tools.runQuietly("tpm2_flushcontext", "-t");
        tools.runQuietly("tpm2_flushcontext", "-l");
        tools.runQuietly("tpm2_flushcontext", "-s");
    }

    /** Flushes the session a tool may have left in {@code work}, if any. */
    private void flushSession(Path work) {
        if (Files.exists(work.resolve("session.ctx")) && !tools.tcti().contains("tpmrm")) {
            tools.runQuietly("tpm2_flushcontext", work.resolve("session.ctx").toString());
        }
    }

    private void evict(int handle) throws StorageException {
        tools.run("tpm2_evictcontrol", "-Q", "-C", "o", "-c", hex(handle));
    }

    @Override
    public void destroyKey(Slot slot, int generation) throws StorageException {
        int handle = handle(slot, generation);
        if (persistentHandles().contains(handle)) {
            evict(handle);
        }
    }

    @Override
    public void destroyStale(Slot slot, int keep) throws StorageException {
        Set<Integer> present = persistentHandles();
        for (int parity = 0; parity < 2; parity++) {
            int h = handle(slot, parity);
            if (present.contains(h) && (keep == 0 || h != handle(slot, keep))) {
                evict(h);
            }
        }
    }

    /**
     * The storage primary's persistent handle, creating it on first use: an ECC P-256 key derived
     * from the owner seed (same template, same key), used as parent and as session salt key.
     */
    private String ensurePrimary() throws StorageException {
        if (!primaryPresent && !persistentHandles().contains(PRIMARY_HANDLE)) {
            Path work = workDir();
            try {
                String primary = work.resolve("primary.ctx").toString();
                // noda: an unclean power loss must not push the TPM into dictionary-attack
                // lockout; the primary has no password to guess.
                tools.run("tpm2_createprimary", "-Q", "-C", "o", "-g", "sha256", "-G", "ecc256",
                        "-a", PRIMARY_ATTRIBUTES, "-c", primary);
                tools.run("tpm2_evictcontrol", "-Q", "-C", "o", "-c", primary, hex(PRIMARY_HANDLE));
            } finally {
                flush();
                removeWorkDir(work);
            }
        }
        primaryPresent = true;
        return hex(PRIMARY_HANDLE);
    }

    /** Starts a session salted (and bound) with the primary; returns its context file. */
    private String startSession(Path work, String kind, String primary) throws StorageException {
        String session = work.resolve("session.ctx").toString();
        tools.run("tpm2_startauthsession", kind, "-S", session, "-c", primary);
        return session;
    }

    /**
     * Unseals the data key: a PolicyPCR session over {@link #PCR_SELECTION}, salted with the
     * primary and with response encryption, so the key crosses the TPM bus encrypted. Fails if
     * the PCRs differ from their values when the key was created.
     */
    private byte[] unseal(Slot slot, int generation) throws StorageException {
        Path work = workDir();
        byte[] key;
        try {
            String session = startSession(work, "--policy-session", ensurePrimary());
            tools.run("tpm2_policypcr", "-Q", "-S", session, "-l", PCR_SELECTION);
            tools.run("tpm2_sessionconfig", session, "--enable-encrypt");
            key = tools.run("tpm2_unseal", "-c", hex(handle(slot, generation)), "-p", "session:" + session);
        } catch (TpmTools.TpmCommandException e) {
            primaryPresent = false;
            if (e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("0x99d")) { // TPM_RC_POLICY_FAIL, session 1
                throw new io.pqrstuv.storage.persist.KeyRefusedException("the TPM refused to unseal the " + slot.label()
                        + " key (PCR values changed since it was sealed): " + e.getMessage(), e);
            }
            throw new StorageException("the TPM refused to unseal the " + slot.label()
                    + " key (PCR values changed or key destroyed): " + e.getMessage(), e);
        } finally {
            flushSession(work);
            removeWorkDir(work);
        }
        if (key.length != DataKeyCipher.KEY_LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new StorageException("the TPM returned a data key of the wrong length");
        }
        return key;
    }

    @Override
    public byte[] encrypt(Slot slot, int generation, byte[] plaintext, byte[] aad) throws StorageException {
        return DataKeyCipher.encrypt(unseal(slot, generation), random, plaintext, aad);
    }

    @Override
    public byte[] decrypt(Slot slot, int generation, byte[] sealed, byte[] aad) throws StorageException {
        return DataKeyCipher.decrypt(unseal(slot, generation), sealed, aad);
    }

    private static Path workDir() throws StorageException {
        try {
            return OwnerOnlyDirectory.createTemp("pqrstuv-tpm-");
        } catch (IOException e) {
            throw new StorageException("cannot create a TPM work directory: " + e.getMessage(), e);
        }
    }

    /** The sealed blob is useless without the TPM, but is shredded anyway: only NV keeps the key. */
    private static void removeWorkDir(Path work) {
        try {
            DurableFiles.deleteTree(work);
        } catch (IOException ignored) {
            // A temp dir left behind holds only TPM-wrapped blobs.
        }
    }

    @Override
    public void close() {
        // Nothing is held between operations.
    }
}
