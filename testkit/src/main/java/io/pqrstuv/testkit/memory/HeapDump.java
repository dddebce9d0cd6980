package io.pqrstuv.testkit.memory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an HPROF heap dump ({@code jcmd PID GC.heap_dump [-all] FILE}) and finds the {@link Needle}s
 * in it, each hit attributed to where it sits: the primitive array holding it and the object field
 * (class and field name) or object array that refers to that array. With {@code -all} the dump holds
 * unreachable objects too, so a discarded {@code MessageDigest} still shows whose buffer held what.
 *
 * <p>Only what the attribution needs is parsed: strings, class names, instance field layouts,
 * primitive arrays, and the object references in instances and object arrays. The whole file is also
 * scanned raw, so a hit outside a primitive array (an instance field, a record the parser skips) is
 * never missed in the totals.
 */
public final class HeapDump {
    private static final int STRING = 0x01;
    private static final int LOAD_CLASS = 0x02;
    private static final int HEAP_DUMP = 0x0C;
    private static final int HEAP_DUMP_SEGMENT = 0x1C;
    private static final ValueLayout.OfInt U4 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U8 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort U2 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * One needle found in one array. {@code array} is the array's type and length ("byte[64]");
     * {@code owners} the referrers: "class.field" for an instance field, "elem of X[]" for an object
     * array, empty when nothing in the dump refers to the array.
     */
    public record Hit(Needle needle, String array, List<String> owners) {
        /** True if some referrer is an instance of a class whose name starts with {@code prefix}. */
        public boolean ownedBy(String prefix) {
            return owners.stream().anyMatch(o -> o.startsWith(prefix));
        }

        public String where() {
            return array + (owners.isEmpty() ? " (no referrer in the dump)" : " in " + String.join(", ", owners));
        }
    }

    /** The hits in arrays, and the count of every needle anywhere in the file (arrays or not). */
    public record Result(List<Hit> hits, int fileMatches, long fileBytes) {
        public List<Hit> of(String value) {
            return hits.stream().filter(h -> h.needle().value().equals(value)).toList();
        }

        /** Hits per value, then per form and location, for a report. */
        public String table() {
            Map<String, Map<String, Integer>> byValue = new TreeMap<>();
            for (Hit h : hits) {
                byValue.computeIfAbsent(h.needle().value(), k -> new TreeMap<>())
                        .merge(h.needle().form() + " — " + h.where(), 1, Integer::sum);
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Map<String, Integer>> v : byValue.entrySet()) {
                int total = v.getValue().values().stream().mapToInt(Integer::intValue).sum();
                sb.append(v.getKey()).append(": ").append(total).append('\n');
                v.getValue().forEach((where, n) -> sb.append("   ").append(n).append("x ").append(where).append('\n'));
            }
            return sb.toString();
        }
    }

    private final MemorySegment file;
    private final NeedleMatcher matcher;
    private int idSize;
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, Long> classNameIds = new HashMap<>();
    /** class id → super class id and its own instance fields (name id, type) in dump order. */
    private final Map<Long, ClassLayout> classes = new HashMap<>();
    /** array id → matches (needles) and its description. */
    private final Map<Long, ArrayHits> arrayHits = new HashMap<>();
    private final Map<Long, List<String>> owners = new HashMap<>();
    private final Map<Long, List<long[]>> objectFieldOffsets = new HashMap<>();
    private final Map<Long, List<String>> objectFieldNames = new HashMap<>();

    private record ClassLayout(long superId, long[] fieldNameIds, byte[] fieldTypes) {
    }

    private record ArrayHits(String description, List<Needle> needles) {
    }

    private HeapDump(MemorySegment file, List<Needle> needles) {
        this.file = file;
        this.matcher = new NeedleMatcher(needles);
    }

    /** Parses {@code hprof} and finds {@code needles} in it. */
    public static Result scan(Path hprof, List<Needle> needles) throws IOException {
        try (Arena arena = Arena.ofConfined();
                FileChannel ch = FileChannel.open(hprof, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            HeapDump d = new HeapDump(seg, needles);
            return d.run();
        }
    }

    private Result run() throws IOException {
        long pos = header();
        List<long[]> heapSegments = new ArrayList<>();
        long end = file.byteSize();
        while (pos < end) {
            int tag = file.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
            long length = Integer.toUnsignedLong(file.get(U4, pos + 5));
            long body = pos + 9;
            if (body + length > end) {
                throw new IOException("truncated HPROF record (tag " + tag + ") at " + pos);
            }
            switch (tag) {
                case STRING -> strings.put(id(body), new String(bytes(body + idSize, (int) (length - idSize)),
                        StandardCharsets.UTF_8));
                case LOAD_CLASS -> classNameIds.put(id(body + 4), id(body + 8 + idSize));
                case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                    heapSegments.add(new long[] {body, body + length});
                    heapPass(body, body + length, false);
                }
                default -> {
                    // traces, frames, end markers: nothing to attribute
                }
            }
            pos = body + length;
        }
        if (!arrayHits.isEmpty()) {
            for (long[] s : heapSegments) {
                heapPass(s[0], s[1], true);
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (Map.Entry<Long, ArrayHits> e : arrayHits.entrySet()) {
            List<String> who = owners.getOrDefault(e.getKey(), List.of());
            for (Needle n : e.getValue().needles()) {
                hits.add(new Hit(n, e.getValue().description(), who));
            }
        }
        return new Result(hits, wholeFile(), file.byteSize());
    }

    private long header() throws IOException {
        long p = 0;
        while (file.get(ValueLayout.JAVA_BYTE, p) != 0) {
            p++;
            if (p > 64) {
                throw new IOException("not an HPROF file");
            }
        }
        String magic = new String(bytes(0, (int) p), StandardCharsets.US_ASCII);
        if (!magic.startsWith("JAVA PROFILE")) {
            throw new IOException("not an HPROF file: " + magic);
        }
        idSize = file.get(U4, p + 1);
        if (idSize != 4 && idSize != 8) {
            throw new IOException("unsupported HPROF id size " + idSize);
        }
        return p + 1 + 4 + 8;
    }

    private long id(long at) {
        return idSize == 8 ? file.get(U8, at) : Integer.toUnsignedLong(file.get(U4, at));
    }

    private byte[] bytes(long at, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at, b, 0, n);
        return b;
    }

    private int typeSize(int type) throws IOException {
        return switch (type) {
            case 2 -> idSize;
            case 4, 8 -> 1;
            case 5, 9 -> 2;
            case 6, 10 -> 4;
            case 7, 11 -> 8;
            default -> throw new IOException("unknown HPROF basic type " + type);
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 4 -> "boolean";
            case 5 -> "char";
            case 6 -> "float";
            case 7 -> "double";
            case 8 -> "byte";
            case 9 -> "short";
            case 10 -> "int";
            case 11 -> "long";
            default -> "type" + type;
        };
    }

    /**
     * One walk over a heap dump segment. The first pass reads class layouts and scans primitive
     * arrays; the second ({@code references}) looks for references to the arrays that matched.
     */
    private void heapPass(long p, long end, boolean references) throws IOException {
        while (p < end) {
            int sub = file.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            p++;
            switch (sub) {
                case 0xFF, 0x05, 0x07 -> p += idSize;
                case 0x01 -> {
                    root(references, p, "JNI global");
                    p += 2L * idSize;
                }
                case 0x02, 0x03 -> {
                    root(references, p, sub == 0x03 ? "a thread's stack frame" : "JNI local");
                    p += idSize + 8;
                }
                case 0x08 -> p += idSize + 8;
                case 0x04, 0x06 -> {
                    root(references, p, "native stack");
                    p += idSize + 4;
                }
                case 0x20 -> p = classDump(p, references);
                case 0x21 -> {
                    long objId = id(p);
                    long classId = id(p + idSize + 4);
                    long n = Integer.toUnsignedLong(file.get(U4, p + 2L * idSize + 4));
                    long values = p + 2L * idSize + 8;
                    if (references) {
                        instanceReferences(classId, values);
                    }
                    p = values + n;
                    assert objId != 0;
                }
                case 0x22 -> {
                    long n = Integer.toUnsignedLong(file.get(U4, p + idSize + 4));
                    long arrayClass = id(p + idSize + 8);
                    long elems = p + 2L * idSize + 8;
                    if (references) {
                        for (long i = 0; i < n; i++) {
                            long ref = id(elems + i * idSize);
                            if (ref != 0 && arrayHits.containsKey(ref)) {
                                owners.computeIfAbsent(ref, k -> new ArrayList<>()).add("elem of " + className(arrayClass));
                            }
                        }
                    }
                    p = elems + n * idSize;
                }
                case 0x23 -> {
                    long arrayId = id(p);
                    long n = Integer.toUnsignedLong(file.get(U4, p + idSize + 4));
                    int type = file.get(ValueLayout.JAVA_BYTE, p + idSize + 8) & 0xFF;
                    long data = p + idSize + 9;
                    long size = n * typeSize(type);
                    if (!references && size >= 8) {
                        scanArray(arrayId, typeName(type) + "[" + n + "]", data, size);
                    }
                    p = data + size;
                }
                default -> throw new IOException("unknown HPROF heap sub-record 0x" + Integer.toHexString(sub) + " at " + (p - 1));
            }
        }
    }

    /** An array held directly by a GC root (a local variable of a running method, JNI). */
    private void root(boolean references, long p, String kind) {
        if (references) {
            long ref = id(p);
            if (arrayHits.containsKey(ref)) {
                owners.computeIfAbsent(ref, k -> new ArrayList<>()).add("root: " + kind);
            }
        }
    }

    private long classDump(long p, boolean references) throws IOException {
        long classId = id(p);
        long superId = id(p + idSize + 4);
        p += 7L * idSize + 4 + 4; // class, stack serial, super, loader, signers, domain, 2 reserved, instance size
        int constants = Short.toUnsignedInt(file.get(U2, p));
        p += 2;
        for (int i = 0; i < constants; i++) {
            int type = file.get(ValueLayout.JAVA_BYTE, p + 2) & 0xFF;
            p += 3 + typeSize(type);
        }
        int statics = Short.toUnsignedInt(file.get(U2, p));
        p += 2;
        for (int i = 0; i < statics; i++) {
            int type = file.get(ValueLayout.JAVA_BYTE, p + idSize) & 0xFF;
            p += idSize + 1 + typeSize(type);
        }
        int fields = Short.toUnsignedInt(file.get(U2, p));
        p += 2;
        long[] names = new long[fields];
        byte[] types = new byte[fields];
        for (int i = 0; i < fields; i++) {
            names[i] = id(p);
            types[i] = file.get(ValueLayout.JAVA_BYTE, p + idSize);
            p += idSize + 1;
        }
        if (!references) {
            classes.put(classId, new ClassLayout(superId, names, types));
        }
        return p;
    }

    private void scanArray(long arrayId, String description, long data, long size) {
        if (size > Integer.MAX_VALUE - 16) {
            return; // not a place for a 32-byte secret's only copy in a test heap
        }
        byte[] content = bytes(data, (int) size);
        List<NeedleMatcher.Match> found = matcher.find(content, 0, content.length);
        if (!found.isEmpty()) {
            List<Needle> needles = new ArrayList<>();
            for (NeedleMatcher.Match m : found) {
                needles.add(m.needle());
            }
            arrayHits.put(arrayId, new ArrayHits(description, needles));
        }
    }

    private void instanceReferences(long classId, long values) throws IOException {
        List<long[]> offsets = objectFields(classId);
        List<String> names = objectFieldNames.get(classId);
        for (int i = 0; i < offsets.size(); i++) {
            long ref = id(values + offsets.get(i)[0]);
            if (ref != 0 && arrayHits.containsKey(ref)) {
                owners.computeIfAbsent(ref, k -> new ArrayList<>()).add(className(classId) + "." + names.get(i));
            }
        }
    }

    /** Offsets of the object-typed fields in an instance dump of {@code classId} (its fields, then its supers'). */
    private List<long[]> objectFields(long classId) throws IOException {
        List<long[]> cached = objectFieldOffsets.get(classId);
        if (cached != null) {
            return cached;
        }
        List<long[]> offsets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long offset = 0;
        Set<Long> seen = new HashSet<>();
        for (long c = classId; c != 0 && seen.add(c); ) {
            ClassLayout layout = classes.get(c);
            if (layout == null) {
                break;
            }
            for (int i = 0; i < layout.fieldTypes().length; i++) {
                int type = layout.fieldTypes()[i];
                if (type == 2) {
                    offsets.add(new long[] {offset});
                    names.add(strings.getOrDefault(layout.fieldNameIds()[i], "?"));
                }
                offset += typeSize(type);
            }
            c = layout.superId();
        }
        objectFieldOffsets.put(classId, offsets);
        objectFieldNames.put(classId, names);
        return offsets;
    }

    private String className(long classId) {
        Long nameId = classNameIds.get(classId);
        String name = nameId == null ? null : strings.get(nameId);
        return name == null ? "class@" + Long.toHexString(classId) : name.replace('/', '.');
    }

    /** Every needle anywhere in the file, in overlapping 16 MiB chunks. */
    private int wholeFile() {
        int chunk = 16 << 20;
        int overlap = matcher.longest();
        byte[] buf = new byte[chunk + overlap];
        int count = 0;
        long size = file.byteSize();
        for (long start = 0; start < size; start += chunk) {
            int n = (int) Math.min(buf.length, size - start);
            MemorySegment.copy(file, ValueLayout.JAVA_BYTE, start, buf, 0, n);
            int startLimit = (int) Math.min(chunk, n);
            count += matcher.find(buf, 0, startLimit, n).size();
        }
        return count;
    }
}
