package io.pqrstuv.testkit.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package depends on which, read from compiled classes with the JDK's class-file API (no
 * ArchUnit), and the cycles among them. A module's packages should form a layered graph: a package
 * that depends on another that depends back on it is one package in two places (P-53).
 *
 * <pre>{@code
 * @Test
 * void packagesFormNoCycle() {
 *     PackageGraph.ofClassesOf(QccDevice.class, "io.pqrstuv.qrng").assertNoCycles();
 * }
 * }</pre>
 *
 * A dependency is any class named in a class file: its constant pool's class entries (superclasses,
 * interfaces, instantiations, casts, field and method owners) and the types in its descriptors and
 * generic signatures (fields, parameters, return types, annotations). Like {@code jdeps}, it cannot
 * see a constant inlined by the compiler ({@code static final} primitives and strings).
 */
public final class PackageGraph {
    /** Class types inside descriptors and signatures: {@code Lio/pqrstuv/x/Y;} or {@code Lio/pqrstuv/x/Y<…>;}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

    private final String prefix;
    /** from package → to package → one class of {@code from} that names a class of {@code to}: "a.B → c.D". */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();

    private PackageGraph(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The graph of the compiled classes in the directory or jar that {@code anyClass} was loaded from
     * (a module's {@code target/classes} when its tests run), restricted to packages under
     * {@code packagePrefix} (the prefix itself included).
     */
    public static PackageGraph ofClassesOf(Class<?> anyClass, String packagePrefix) {
        Path location;
        try {
            location = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("cannot tell where " + anyClass.getName() + " was loaded from", e);
        }
        return of(location, packagePrefix);
    }

    /** The graph of the classes under {@code classes}, a directory or a jar. */
    public static PackageGraph of(Path classes, String packagePrefix) {
        PackageGraph g = new PackageGraph(packagePrefix);
        try {
            if (Files.isDirectory(classes)) {
                g.readTree(classes);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(classes)) {
                    g.readTree(jar.getPath("/"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classes from " + classes, e);
        }
        return g;
    }

    private void readTree(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".class")).filter(p -> !p.endsWith("module-info.class")).toList();
        }
        for (Path f : files) {
            read(Files.readAllBytes(f));
        }
    }

    /** Adds the dependencies of one class file. */
    void read(byte[] classFile) {
        ClassModel cm = ClassFile.of().parse(classFile);
        String self = cm.thisClass().asInternalName();
        String from = packageOf(self);
        if (!inScope(from)) {
            return;
        }
        edges.computeIfAbsent(from, k -> new TreeMap<>());
        for (PoolEntry e : cm.constantPool()) {
            if (e instanceof ClassEntry c) {
                String name = c.asInternalName();
                if (name.startsWith("[")) {
                    addTypesIn(self, from, name);
                } else {
                    add(self, from, name);
                }
            } else if (e instanceof Utf8Entry u) {
                addTypesIn(self, from, u.stringValue());
            }
        }
    }

    private void addTypesIn(String self, String from, String text) {
        if (text.indexOf('L') < 0) {
            return;
        }
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(text);
        while (m.find()) {
            add(self, from, m.group(1));
        }
    }

    private void add(String self, String from, String internalName) {
        String to = packageOf(internalName);
        if (!to.equals(from) && inScope(to)) {
            edges.computeIfAbsent(from, k -> new TreeMap<>())
                    .putIfAbsent(to, self.replace('/', '.') + " → " + internalName.replace('/', '.'));
        }
    }

    private boolean inScope(String pkg) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    /** Every package seen (with at least one class under the prefix). */
    public Set<String> packages() {
        return new TreeSet<>(edges.keySet());
    }

    /** The packages {@code pkg} depends on. */
    public Set<String> dependenciesOf(String pkg) {
        return new TreeSet<>(edges.getOrDefault(pkg, Map.of()).keySet());
    }

    /**
     * The cycles: each strongly connected set of two or more packages (Tarjan's algorithm), its
     * packages sorted; empty for a layered graph.
     */
    public List<List<String>> cycles() {
        return new Tarjan().run();
    }

    /** Throws an {@link AssertionError} that names every cycle and, for each edge in it, one class that makes it. */
    public void assertNoCycles() {
        List<List<String>> cycles = cycles();
        if (cycles.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("package cycles under " + prefix + " (move what both sides share below both):");
        for (List<String> cycle : cycles) {
            sb.append("\n  cycle ").append(String.join(" ⇄ ", cycle));
            for (String from : cycle) {
                for (Map.Entry<String, String> e : edges.getOrDefault(from, Map.of()).entrySet()) {
                    if (cycle.contains(e.getKey())) {
                        sb.append("\n    ").append(from).append(" → ").append(e.getKey()).append(": ").append(e.getValue());
                    }
                }
            }
        }
        throw new AssertionError(sb.toString());
    }

    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> found = new ArrayList<>();
        private int next;

        List<List<String>> run() {
            for (String p : edges.keySet()) {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            }
            found.sort(Comparator.comparing(c -> c.getFirst()));
            return found;
        }

        private void visit(String p) {
            index.put(p, next);
            low.put(p, next);
            next++;
            stack.push(p);
            onStack.add(p);
            for (String q : edges.getOrDefault(p, Map.of()).keySet()) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                List<String> component = new ArrayList<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    component.add(q);
                } while (!q.equals(p));
                if (component.size() > 1) {
                    component.sort(null);
                    found.add(List.copyOf(component));
                }
            }
        }
    }
}
