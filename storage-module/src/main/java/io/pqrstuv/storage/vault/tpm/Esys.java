package io.pqrstuv.storage.vault.tpm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One ESAPI context on one TCTI: the long-lived connection to the TPM. A thin, typed layer over
 * the ESAPI calls the vault needs; every failure becomes a {@link TpmException} carrying the
 * response code. Not thread-safe by itself: {@link TpmConnection} serialises the calls.
 *
 * <p>Secret bytes (the data keys) are handled in native memory that is zeroed before it is freed;
 * what ESAPI keeps in its own command and response buffers is beyond reach (docs/security.md).
 */
final class Esys implements AutoCloseable {
    /** ESYS_TR constants (tss2_esys.h). */
    static final int TR_NONE = 0xFFF;
    static final int TR_PASSWORD = 0x0FF;
    static final int TR_RH_OWNER = 0x101;

    /** TPM2_SE session types. */
    static final byte SE_HMAC = 0x00;
    static final byte SE_POLICY = 0x01;
    static final byte SE_TRIAL = 0x03;

    /** TPMA_SESSION bits. */
    static final byte CONTINUE_SESSION = 0x01;
    static final byte DECRYPT = 0x20;
    static final byte ENCRYPT = 0x40;

    private static final short SU_CLEAR = 0x0000;

    private final Tss2 lib;
    private final String tcti;
    private MemorySegment tctiContext;
    private MemorySegment esysContext;

    private Esys(Tss2 lib, String tcti, MemorySegment tctiContext, MemorySegment esysContext) {
        this.lib = lib;
        this.tcti = tcti;
        this.tctiContext = tctiContext;
        this.esysContext = esysContext;
    }

    /** Loads the TCTI named by {@code tcti} (tpm2-tools syntax) and starts an ESAPI context on it. */
    static Esys open(String tcti) throws TpmException, TpmUnavailableException {
        Tss2 lib = Tss2.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tctiOut = a.allocate(ADDRESS);
            int rc = (int) lib.tctiLdrInitialize.invokeExact(a.allocateFrom(tcti), tctiOut);
            if (rc != TpmRc.SUCCESS) {
                throw new TpmException("Tss2_TctiLdr_Initialize(" + tcti + ")", rc, lib.describe(rc));
            }
            MemorySegment tctiContext = tctiOut.get(ADDRESS, 0);
            MemorySegment esysOut = a.allocate(ADDRESS);
            rc = (int) lib.esysInitialize.invokeExact(esysOut, tctiContext, MemorySegment.NULL);
            if (rc != TpmRc.SUCCESS) {
                tctiOut.set(ADDRESS, 0, tctiContext);
                lib.tctiLdrFinalize.invokeExact(tctiOut);
                throw new TpmException("Esys_Initialize", rc, lib.describe(rc));
            }
            return new Esys(lib, tcti, tctiContext, esysOut.get(ADDRESS, 0));
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_Initialize", t);
        }
    }

    String tcti() {
        return tcti;
    }

    private MemorySegment ctx() throws TpmException {
        if (esysContext == null) {
            throw new TpmException("ESAPI", TpmRc.LAYER_ESAPI | 3, "the connection is closed");
        }
        return esysContext;
    }

    private void check(String command, int rc) throws TpmException {
        if (rc != TpmRc.SUCCESS) {
            throw new TpmException(command, rc, lib.describe(rc));
        }
    }

    private static TpmException native_(String command, Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return new TpmException(command, TpmRc.LAYER_ESAPI | 1, "native call failed: " + t);
    }

    /** TPM2_Startup(CLEAR), for a TPM that answers TPM_RC_INITIALIZE (no firmware started it). */
    void startup() throws TpmException {
        try {
            int rc = (int) lib.startup.invokeExact(ctx(), SU_CLEAR);
            check("Esys_Startup", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_Startup", t);
        }
    }

    /** An ESYS_TR for a TPM handle (reads the public area of objects, to learn their names). */
    int fromTpmPublic(int tpmHandle) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_INT);
            int rc = (int) lib.trFromTpmPublic.invokeExact(ctx(), tpmHandle, TR_NONE, TR_NONE, TR_NONE, out);
            check("Esys_TR_FromTPMPublic(" + hex(tpmHandle) + ")", rc);
            return out.get(JAVA_INT, 0);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_TR_FromTPMPublic", t);
        }
    }

    /** Forgets an ESYS_TR without touching the TPM object. */
    void closeHandle(int tr) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cell = a.allocate(JAVA_INT);
            cell.set(JAVA_INT, 0, tr);
            int ignored = (int) lib.trClose.invokeExact(ctx(), cell);
        } catch (Throwable ignored) {
            // Nothing to release.
        }
    }

    /**
     * TPM2_StartAuthSession salted with {@code saltKey} (a loaded decryption key; the salt is
     * encrypted to it, so the session key is known only to us and the TPM), AES-128-CFB for
     * parameter encryption, SHA-256.
     */
    int startSession(int saltKey, byte type) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            // TPMT_SYM_DEF: three 16-bit fields (algorithm, keyBits, mode) in host order; no padding.
            MemorySegment symmetric = a.allocate(JAVA_SHORT, 3);
            symmetric.setAtIndex(JAVA_SHORT, 0, (short) TpmWire.ALG_AES);
            symmetric.setAtIndex(JAVA_SHORT, 1, (short) 128);
            symmetric.setAtIndex(JAVA_SHORT, 2, (short) TpmWire.ALG_CFB);
            MemorySegment out = a.allocate(JAVA_INT);
            int rc = (int) lib.startAuthSession.invokeExact(ctx(), saltKey, TR_NONE, TR_NONE, TR_NONE, TR_NONE,
                    MemorySegment.NULL, type, symmetric, (short) TpmWire.ALG_SHA256, out, MemorySegment.NULL);
            check("Esys_StartAuthSession", rc);
            return out.get(JAVA_INT, 0);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_StartAuthSession", t);
        }
    }

    /** Sets the session attributes named in {@code mask} to those in {@code flags}. */
    void setAttributes(int session, byte flags, byte mask) throws TpmException {
        try {
            int rc = (int) lib.trSessSetAttributes.invokeExact(ctx(), session, flags, mask);
            check("Esys_TRSess_SetAttributes", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_TRSess_SetAttributes", t);
        }
    }

    /** TPM2_PolicyPCR over the current values of {@code selection} (a canonical TPML_PCR_SELECTION). */
    void policyPcr(int session, byte[] selection) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment emptyDigest = a.allocate(Tss2.STRUCT_BYTES, 8); // TPM2B_DIGEST of size 0
            MemorySegment pcrs = unmarshal(a, lib.muPcrSelectionUnmarshal, selection);
            int rc = (int) lib.policyPcr.invokeExact(ctx(), session, TR_NONE, TR_NONE, TR_NONE, emptyDigest, pcrs);
            check("Esys_PolicyPCR", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_PolicyPCR", t);
        }
    }

    void policyRestart(int session) throws TpmException {
        try {
            int rc = (int) lib.policyRestart.invokeExact(ctx(), session, TR_NONE, TR_NONE, TR_NONE);
            check("Esys_PolicyRestart", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_PolicyRestart", t);
        }
    }

    byte[] policyDigest(int session) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int rc = (int) lib.policyGetDigest.invokeExact(ctx(), session, TR_NONE, TR_NONE, TR_NONE, out);
            check("Esys_PolicyGetDigest", rc);
            return takeTpm2b(out.get(ADDRESS, 0), false);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_PolicyGetDigest", t);
        }
    }

    /** TPM2_FlushContext: unloads a transient object or ends a session. */
    void flush(int tr) throws TpmException {
        try {
            int rc = (int) lib.flushContext.invokeExact(ctx(), tr);
            check("Esys_FlushContext", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_FlushContext", t);
        }
    }

    /** TPM2_CreatePrimary in the owner hierarchy (empty owner auth, password session). */
    int createPrimary(byte[] publicTemplate) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sensitive = a.allocate(Tss2.STRUCT_BYTES, 8); // TPM2B_SENSITIVE_CREATE, empty
            MemorySegment pub = unmarshal(a, lib.muPublicUnmarshal, publicTemplate);
            MemorySegment outsideInfo = a.allocate(Tss2.STRUCT_BYTES, 8);
            MemorySegment creationPcr = a.allocate(Tss2.STRUCT_BYTES, 8); // TPML_PCR_SELECTION, count 0
            MemorySegment out = a.allocate(JAVA_INT);
            int rc = (int) lib.createPrimary.invokeExact(ctx(), TR_RH_OWNER, TR_PASSWORD, TR_NONE, TR_NONE,
                    sensitive, pub, outsideInfo, creationPcr, out,
                    MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
            check("Esys_CreatePrimary", rc);
            return out.get(JAVA_INT, 0);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_CreatePrimary", t);
        }
    }

    /**
     * Creates a sealed data object under {@code parent} holding {@code length} bytes from the
     * TPM's RNG, and loads it; returns the transient ESYS_TR. The random bytes are fetched with
     * response encryption and sent back with command encryption (both in {@code session}, a salted
     * HMAC session), and live only in native memory that is zeroed right after.
     */
    int createSealedRandom(int parent, int session, byte[] publicTemplate, int length) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment random = a.allocate(ADDRESS);
            setAttributes(session, (byte) (CONTINUE_SESSION | ENCRYPT), (byte) 0xFF);
            int rc = (int) lib.getRandom.invokeExact(ctx(), session, TR_NONE, TR_NONE, (short) length, random);
            check("Esys_GetRandom", rc);
            MemorySegment digest = random.get(ADDRESS, 0).reinterpret(2 + 64);
            // Canonical TPM2B_SENSITIVE_CREATE: size ‖ userAuth (empty) ‖ data (the random bytes).
            MemorySegment canonical = a.allocate(2 + 2 + 2 + length);
            MemorySegment sensitive = a.allocate(Tss2.STRUCT_BYTES, 8);
            try {
                int got = Short.toUnsignedInt(digest.get(JAVA_SHORT, 0));
                if (got != length) {
                    throw new TpmException("Esys_GetRandom", TpmRc.LAYER_ESAPI | 17, "returned " + got + " bytes");
                }
                canonical.set(JAVA_SHORT_BE, 0, (short) (4 + length));
                canonical.set(JAVA_SHORT_BE, 2, (short) 0);
                canonical.set(JAVA_SHORT_BE, 4, (short) length);
                MemorySegment.copy(digest, 2, canonical, 6, length);
                unmarshalInto(a, lib.muSensitiveCreateUnmarshal, canonical, sensitive);
                canonical.fill((byte) 0);
                setAttributes(session, (byte) (CONTINUE_SESSION | DECRYPT), (byte) 0xFF);
                MemorySegment pub = unmarshal(a, lib.muPublicUnmarshal, publicTemplate);
                MemorySegment outsideInfo = a.allocate(Tss2.STRUCT_BYTES, 8);
                MemorySegment creationPcr = a.allocate(Tss2.STRUCT_BYTES, 8);
                MemorySegment outPrivate = a.allocate(ADDRESS);
                MemorySegment outPublic = a.allocate(ADDRESS);
                rc = (int) lib.create.invokeExact(ctx(), parent, session, TR_NONE, TR_NONE, sensitive, pub,
                        outsideInfo, creationPcr, outPrivate, outPublic,
                        MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
                check("Esys_Create", rc);
                try {
                    setAttributes(session, CONTINUE_SESSION, (byte) 0xFF);
                    MemorySegment loaded = a.allocate(JAVA_INT);
                    rc = (int) lib.load.invokeExact(ctx(), parent, session, TR_NONE, TR_NONE,
                            outPrivate.get(ADDRESS, 0), outPublic.get(ADDRESS, 0), loaded);
                    check("Esys_Load", rc);
                    return loaded.get(JAVA_INT, 0);
                } finally {
                    free(outPrivate.get(ADDRESS, 0));
                    free(outPublic.get(ADDRESS, 0));
                }
            } finally {
                digest.fill((byte) 0);
                free(digest);
                canonical.fill((byte) 0);
                sensitive.fill((byte) 0);
            }
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_Create", t);
        }
    }

    /**
     * TPM2_EvictControl with owner authorisation: makes {@code object} persistent at
     * {@code persistentHandle}, or, when {@code object} is that persistent object, evicts it.
     * Returns the new ESYS_TR ({@link #TR_NONE} after an eviction).
     */
    int evictControl(int object, int persistentHandle) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(JAVA_INT);
            out.set(JAVA_INT, 0, TR_NONE);
            int rc = (int) lib.evictControl.invokeExact(ctx(), TR_RH_OWNER, object, TR_PASSWORD, TR_NONE, TR_NONE,
                    persistentHandle, out);
            check("Esys_EvictControl(" + hex(persistentHandle) + ")", rc);
            return out.get(JAVA_INT, 0);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_EvictControl", t);
        }
    }

    /** TPM2_GetCapability(TPM_CAP_HANDLES) from {@code first}: the handles of one range. */
    List<Integer> handles(int first) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment more = a.allocate(JAVA_BYTE);
            MemorySegment out = a.allocate(ADDRESS);
            int rc = (int) lib.getCapability.invokeExact(ctx(), TR_NONE, TR_NONE, TR_NONE, TpmWire.CAP_HANDLES, first,
                    256, more, out);
            check("Esys_GetCapability", rc);
            MemorySegment data = out.get(ADDRESS, 0).reinterpret(Tss2.STRUCT_BYTES);
            try {
                byte[] marshalled = marshal(a, lib.muCapabilityDataMarshal, data, Tss2.STRUCT_BYTES);
                List<Integer> all = TpmWire.handles(marshalled);
                // The list runs on into the next range when this one ends: keep our range only.
                return all.stream().filter(h -> (h & 0xFF000000) == (first & 0xFF000000)).toList();
            } finally {
                free(data);
            }
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_GetCapability", t);
        }
    }

    /**
     * TPM2_Unseal of {@code item} authorised by {@code session}; returns the data in a new array
     * (the caller zeroizes it). The native copy ESAPI returned is zeroed before it is freed.
     */
    byte[] unseal(int item, int session) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            int rc = (int) lib.unseal.invokeExact(ctx(), item, session, TR_NONE, TR_NONE, out);
            check("Esys_Unseal", rc);
            return takeTpm2b(out.get(ADDRESS, 0), true);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_Unseal", t);
        }
    }

    /** One TPM2_PCR_Read: the update counter and the digests of {@code selection}, in PCR order. */
    PcrValues readPcrs(byte[] selection) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment in = unmarshal(a, lib.muPcrSelectionUnmarshal, selection);
            MemorySegment counter = a.allocate(JAVA_INT);
            MemorySegment selOut = a.allocate(ADDRESS);
            MemorySegment values = a.allocate(ADDRESS);
            int rc = (int) lib.pcrRead.invokeExact(ctx(), TR_NONE, TR_NONE, TR_NONE, in, counter, selOut, values);
            check("Esys_PCR_Read", rc);
            free(selOut.get(ADDRESS, 0));
            MemorySegment list = values.get(ADDRESS, 0).reinterpret(Tss2.STRUCT_BYTES);
            try {
                return new PcrValues(counter.get(JAVA_INT, 0),
                        TpmWire.digests(marshal(a, lib.muDigestListMarshal, list, Tss2.STRUCT_BYTES)));
            } finally {
                free(list);
            }
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_PCR_Read", t);
        }
    }

    /** TPM2_PCR_Extend of a SHA-256 PCR (empty PCR auth). */
    void extendPcr(int pcr, byte[] sha256) throws TpmException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment digests = unmarshal(a, lib.muDigestValuesUnmarshal, TpmWire.sha256DigestValues(sha256));
            // ESYS_TR_PCR0..31 are the PCR numbers themselves.
            int rc = (int) lib.pcrExtend.invokeExact(ctx(), pcr, TR_PASSWORD, TR_NONE, TR_NONE, digests);
            check("Esys_PCR_Extend", rc);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Esys_PCR_Extend", t);
        }
    }

    /** A PCR read: the TPM's update counter (bumped by every extend) and the selected values. */
    record PcrValues(int updateCounter, List<byte[]> digests) {
    }

    @Override
    public void close() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cell = a.allocate(ADDRESS);
            if (esysContext != null) {
                cell.set(ADDRESS, 0, esysContext);
                lib.esysFinalize.invokeExact(cell);
            }
            if (tctiContext != null) {
                cell.set(ADDRESS, 0, tctiContext);
                lib.tctiLdrFinalize.invokeExact(cell);
            }
        } catch (Throwable ignored) {
            // Finalizing frees memory; nothing to report.
        } finally {
            esysContext = null;
            tctiContext = null;
        }
    }

    // ---- marshalling helpers ----

    private static final java.lang.foreign.ValueLayout.OfShort JAVA_SHORT_BE =
            JAVA_SHORT.withOrder(java.nio.ByteOrder.BIG_ENDIAN).withByteAlignment(1);

    /** A C structure filled from its canonical encoding by tpm2-tss's unmarshaller. */
    private MemorySegment unmarshal(Arena a, MethodHandle unmarshaller, byte[] canonical) throws TpmException {
        MemorySegment dest = a.allocate(Tss2.STRUCT_BYTES, 8);
        unmarshalInto(a, unmarshaller, a.allocateFrom(JAVA_BYTE, canonical), dest);
        return dest;
    }

    private void unmarshalInto(Arena a, MethodHandle unmarshaller, MemorySegment canonical, MemorySegment dest)
            throws TpmException {
        try {
            MemorySegment offset = a.allocate(JAVA_LONG);
            int rc = (int) unmarshaller.invokeExact(canonical, canonical.byteSize(), offset, dest);
            check("Tss2_MU unmarshal", rc);
            if (offset.get(JAVA_LONG, 0) != canonical.byteSize()) {
                throw new TpmException("Tss2_MU unmarshal", TpmRc.LAYER_ESAPI | 11, "trailing bytes");
            }
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Tss2_MU unmarshal", t);
        }
    }

    /** The canonical encoding of a C structure, by tpm2-tss's marshaller. */
    private byte[] marshal(Arena a, MethodHandle marshaller, MemorySegment src, long maxBytes) throws TpmException {
        try {
            MemorySegment buffer = a.allocate(maxBytes);
            MemorySegment offset = a.allocate(JAVA_LONG);
            int rc = (int) marshaller.invokeExact(src, buffer, maxBytes, offset);
            check("Tss2_MU marshal", rc);
            return buffer.asSlice(0, offset.get(JAVA_LONG, 0)).toArray(JAVA_BYTE);
        } catch (TpmException e) {
            throw e;
        } catch (Throwable t) {
            throw native_("Tss2_MU marshal", t);
        }
    }

    /**
     * Copies the bytes of a callee-allocated TPM2B (16-bit size, then the buffer: the one layout
     * every compiler agrees on) and frees it; {@code secret} zeroes it first.
     */
    private byte[] takeTpm2b(MemorySegment address, boolean secret) {
        if (address.equals(MemorySegment.NULL)) {
            return new byte[0];
        }
        MemorySegment head = address.reinterpret(2);
        int size = Short.toUnsignedInt(head.get(JAVA_SHORT, 0));
        MemorySegment whole = address.reinterpret(2L + size);
        byte[] out = whole.asSlice(2, size).toArray(JAVA_BYTE);
        if (secret) {
            whole.fill((byte) 0);
        }
        free(whole);
        return out;
    }

    private void free(MemorySegment address) {
        if (address.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            lib.esysFree.invokeExact(address);
        } catch (Throwable ignored) {
            // Esys_Free is free(3).
        }
    }

    static String hex(int handle) {
        return String.format("0x%08x", handle);
    }
}
