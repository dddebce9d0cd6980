package io.pqrstuv.storage.vault.tpm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The tpm2-tss C libraries, bound through the foreign-function API: {@code libtss2-tctildr} (the
 * TCTI loader, which understands the same strings as tpm2-tools' {@code -T}), {@code libtss2-esys}
 * (ESAPI: sessions, parameter encryption, HMACs), {@code libtss2-mu} (the TPM's canonical
 * marshalling) and, when present, {@code libtss2-rc} (response-code texts).
 *
 * <p>Structures are never laid out by hand on the Java side: inputs are written in the TPM's
 * canonical (big-endian, packed) encoding and turned into C structures by {@code Tss2_MU_*_Unmarshal};
 * outputs are read back with {@code Tss2_MU_*_Marshal}. Only the TPM2B shape (a 16-bit size then
 * the bytes), which every C compiler lays out the same, is read directly. That keeps this binding
 * independent of the headers' padding and of the library's compile-time buffer sizes.
 *
 * <p>Loaded once per JVM; {@link #get()} fails with {@link TpmUnavailableException} when the
 * libraries are missing.
 */
final class Tss2 {
    /** Upper bound for any C structure this binding fills (the largest, TPM2B_PUBLIC, is ~620 bytes). */
    static final long STRUCT_BYTES = 4096;

    private static final String ESYS = "libtss2-esys.so.0";
    private static final String TCTILDR = "libtss2-tctildr.so.0";
    private static final String MU = "libtss2-mu.so.0";
    private static final String RC = "libtss2-rc.so.0";
    /** tpm2-tss logs every failed command to stderr by default; the vault reports errors itself. */
    private static final String LOG_VARIABLE = "TSS2_LOG";
    private static final String LOG_QUIET = "all+NONE";

    private static final Object LOCK = new Object();
    private static volatile Tss2 instance;
    private static volatile TpmUnavailableException failure;

    final MethodHandle tctiLdrInitialize;
    final MethodHandle tctiLdrFinalize;
    final MethodHandle esysInitialize;
    final MethodHandle esysFinalize;
    final MethodHandle esysFree;
    final MethodHandle startup;
    final MethodHandle trFromTpmPublic;
    final MethodHandle trClose;
    final MethodHandle trSessSetAttributes;
    final MethodHandle startAuthSession;
    final MethodHandle policyPcr;
    final MethodHandle policyRestart;
    final MethodHandle policyGetDigest;
    final MethodHandle createPrimary;
    final MethodHandle create;
    final MethodHandle load;
    final MethodHandle unseal;
    final MethodHandle evictControl;
    final MethodHandle flushContext;
    final MethodHandle getCapability;
    final MethodHandle getRandom;
    final MethodHandle pcrRead;
    final MethodHandle pcrExtend;
    final MethodHandle muPublicUnmarshal;
    final MethodHandle muSensitiveCreateUnmarshal;
    final MethodHandle muPcrSelectionUnmarshal;
    final MethodHandle muDigestValuesUnmarshal;
    final MethodHandle muCapabilityDataMarshal;
    final MethodHandle muDigestListMarshal;
    private final Optional<MethodHandle> rcDecode;

    private Tss2(Arena arena) {
        Linker linker = Linker.nativeLinker();
        quietLogging(linker);
        SymbolLookup tctildr = SymbolLookup.libraryLookup(TCTILDR, arena);
        SymbolLookup esys = SymbolLookup.libraryLookup(ESYS, arena);
        SymbolLookup mu = SymbolLookup.libraryLookup(MU, arena);
        Binder t = new Binder(linker, tctildr);
        Binder e = new Binder(linker, esys);
        Binder m = new Binder(linker, mu);

        tctiLdrInitialize = t.rc("Tss2_TctiLdr_Initialize", ADDRESS, ADDRESS);
        tctiLdrFinalize = t.voidFn("Tss2_TctiLdr_Finalize", ADDRESS);

        esysInitialize = e.rc("Esys_Initialize", ADDRESS, ADDRESS, ADDRESS);
        esysFinalize = e.voidFn("Esys_Finalize", ADDRESS);
        esysFree = e.voidFn("Esys_Free", ADDRESS);
        startup = e.rc("Esys_Startup", ADDRESS, JAVA_SHORT);
        trFromTpmPublic = e.rc("Esys_TR_FromTPMPublic", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        trClose = e.rc("Esys_TR_Close", ADDRESS, ADDRESS);
        trSessSetAttributes = e.rc("Esys_TRSess_SetAttributes", ADDRESS, JAVA_INT, JAVA_BYTE, JAVA_BYTE);
        // The trailing pointer is the nonceTPM output some tpm2-tss releases declare; passing NULL
        // there is harmless for the releases that do not (an unused trailing stack argument).
        startAuthSession = e.rc("Esys_StartAuthSession", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_BYTE, ADDRESS, JAVA_SHORT, ADDRESS, ADDRESS);
        policyPcr = e.rc("Esys_PolicyPCR", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
        policyRestart = e.rc("Esys_PolicyRestart", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        policyGetDigest = e.rc("Esys_PolicyGetDigest", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        createPrimary = e.rc("Esys_CreatePrimary", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        create = e.rc("Esys_Create", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        load = e.rc("Esys_Load", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        unseal = e.rc("Esys_Unseal", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
        evictControl = e.rc("Esys_EvictControl", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS);
        flushContext = e.rc("Esys_FlushContext", ADDRESS, JAVA_INT);
        getCapability = e.rc("Esys_GetCapability", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, ADDRESS);
        getRandom = e.rc("Esys_GetRandom", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_SHORT, ADDRESS);
        pcrRead = e.rc("Esys_PCR_Read", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        pcrExtend = e.rc("Esys_PCR_Extend", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);

        muPublicUnmarshal = m.unmarshal("Tss2_MU_TPM2B_PUBLIC_Unmarshal");
        muSensitiveCreateUnmarshal = m.unmarshal("Tss2_MU_TPM2B_SENSITIVE_CREATE_Unmarshal");
        muPcrSelectionUnmarshal = m.unmarshal("Tss2_MU_TPML_PCR_SELECTION_Unmarshal");
        muDigestValuesUnmarshal = m.unmarshal("Tss2_MU_TPML_DIGEST_VALUES_Unmarshal");
        muCapabilityDataMarshal = m.marshal("Tss2_MU_TPMS_CAPABILITY_DATA_Marshal");
        muDigestListMarshal = m.marshal("Tss2_MU_TPML_DIGEST_Marshal");

        MethodHandle decode = null;
        try {
            SymbolLookup rc = SymbolLookup.libraryLookup(RC, arena);
            decode = new Binder(linker, rc).fn("Tss2_RC_Decode", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        } catch (IllegalArgumentException absent) {
            // libtss2-rc is optional: messages then carry the hexadecimal code only.
        }
        rcDecode = Optional.ofNullable(decode);
    }

    /** The bound libraries, loading them on first use. */
    static Tss2 get() throws TpmUnavailableException {
        Tss2 t = instance;
        if (t != null) {
            return t;
        }
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                instance = new Tss2(Arena.global());
                return instance;
            } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException e) {
                failure = new TpmUnavailableException("the tpm2-tss libraries (" + ESYS + ", " + TCTILDR + ", " + MU
                        + ") cannot be loaded: " + e.getMessage(), e);
                throw failure;
            }
        }
    }

    /** Whether the libraries can be loaded on this machine. */
    static boolean available() {
        try {
            get();
            return true;
        } catch (TpmUnavailableException e) {
            return false;
        }
    }

    /** tpm2-tss's own text for a response code, e.g. "tpm:session(1):a policy check failed". */
    String describe(int rc) {
        String hex = String.format("0x%x", rc);
        if (rcDecode.isEmpty()) {
            return hex;
        }
        try {
            MemorySegment text = (MemorySegment) rcDecode.get().invokeExact(rc);
            if (text.equals(MemorySegment.NULL)) {
                return hex;
            }
            return text.reinterpret(1024).getString(0) + " (" + hex + ")";
        } catch (Throwable t) {
            return hex;
        }
    }

    /** Sets TSS2_LOG to silence the library's stderr logging, unless the user chose a level. */
    private static void quietLogging(Linker linker) {
        try {
            MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
            try (Arena a = Arena.ofConfined()) {
                int ignored = (int) setenv.invokeExact(a.allocateFrom(LOG_VARIABLE), a.allocateFrom(LOG_QUIET), 0);
            }
        } catch (Throwable t) {
            // Logging stays at the library's default: noisy, not wrong.
        }
    }

    /** Looks symbols up in one library and makes downcall handles for them. */
    private record Binder(Linker linker, SymbolLookup lookup) {
        MethodHandle fn(String name, FunctionDescriptor descriptor) {
            MemorySegment symbol = lookup.find(name)
                    .orElseThrow(() -> new IllegalArgumentException("symbol " + name + " not found"));
            return linker.downcallHandle(symbol, descriptor);
        }

        /** A function returning TSS2_RC (uint32). */
        MethodHandle rc(String name, MemoryLayout... args) {
            return fn(name, FunctionDescriptor.of(JAVA_INT, args));
        }

        MethodHandle voidFn(String name, MemoryLayout... args) {
            return fn(name, FunctionDescriptor.ofVoid(args));
        }

        /** {@code TSS2_RC Tss2_MU_X_Unmarshal(uint8_t const buffer[], size_t size, size_t *offset, X *dest)}. */
        MethodHandle unmarshal(String name) {
            return rc(name, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
        }

        /** {@code TSS2_RC Tss2_MU_X_Marshal(X const *src, uint8_t buffer[], size_t size, size_t *offset)}. */
        MethodHandle marshal(String name) {
            return rc(name, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        }
    }
}
