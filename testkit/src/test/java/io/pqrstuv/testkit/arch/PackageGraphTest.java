package io.pqrstuv.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.Signature;
import java.lang.classfile.attribute.SignatureAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cycle check over class files made here with the class-file API, so each kind of reference is known. */
class PackageGraphTest {
    @TempDir
    Path classes;

    private void write(String name, Consumer<ClassBuilder> body) throws IOException {
        byte[] bytes = ClassFile.of().build(ClassDesc.of(name), body);
        Path f = classes.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }

    private static ClassDesc type(String name) {
        return ClassDesc.of(name);
    }

    @Test
    void aLayeredGraphHasNoCycle() throws IOException {
        write("t.top.Api", cb -> cb.withField("impl", type("t.top.impl.Impl"), ClassFile.ACC_PUBLIC));
        write("t.top.impl.Impl", cb -> cb.withSuperclass(type("t.top.base.Base")));
        write("t.top.base.Base", cb -> cb.withField("name", ConstantDescs.CD_String, ClassFile.ACC_PUBLIC));
        PackageGraph g = PackageGraph.of(classes, "t.top");
        assertThat(g.packages()).containsExactly("t.top", "t.top.base", "t.top.impl");
        assertThat(g.dependenciesOf("t.top")).containsExactly("t.top.impl");
        assertThat(g.dependenciesOf("t.top.impl")).containsExactly("t.top.base");
        assertThat(g.dependenciesOf("t.top.base")).isEmpty(); // java.lang is outside the prefix
        assertThat(g.cycles()).isEmpty();
        g.assertNoCycles();
    }

    @Test
    void aCycleThroughAFieldTypeAndASuperclassIsNamedWithTheClassesThatMakeIt() throws IOException {
        write("t.a.A", cb -> cb.withField("b", type("t.b.B"), ClassFile.ACC_PUBLIC));      // descriptor only
        write("t.b.B", cb -> cb.withSuperclass(type("t.a.A")));                             // class entry
        write("t.c.C", cb -> cb.withInterfaceSymbols(type("t.a.Marker")));                 // outside the cycle
        PackageGraph g = PackageGraph.of(classes, "t");
        assertThat(g.cycles()).containsExactly(List.of("t.a", "t.b"));
        assertThatThrownBy(g::assertNoCycles).isInstanceOf(AssertionError.class)
                .hasMessageContaining("cycle t.a ⇄ t.b")
                .hasMessageContaining("t.a → t.b: t.a.A → t.b.B")
                .hasMessageContaining("t.b → t.a: t.b.B → t.a.A")
                .hasMessageNotContaining("t.c");
    }

    @Test
    void referencesOnlyInGenericSignaturesMethodTypesAndArraysCount() throws IOException {
        write("t.x.X", cb -> cb.withField("list", ConstantDescs.CD_List, fb -> fb.with(
                SignatureAttribute.of(Signature.parseFrom("Ljava/util/List<Lt/y/Y;>;")))));
        write("t.y.Y", cb -> cb.withMethodBody("f", MethodTypeDesc.of(ConstantDescs.CD_void, type("t.z.Z")),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> code.return_()));
        write("t.z.Z", cb -> cb.withMethodBody("g", MethodTypeDesc.of(ConstantDescs.CD_Object),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                code -> code.iconst_1().anewarray(type("t.x.X")).areturn()));
        PackageGraph g = PackageGraph.of(classes, "t");
        assertThat(g.dependenciesOf("t.x")).containsExactly("t.y");
        assertThat(g.dependenciesOf("t.y")).containsExactly("t.z");
        assertThat(g.dependenciesOf("t.z")).containsExactly("t.x");
        assertThat(g.cycles()).containsExactly(List.of("t.x", "t.y", "t.z"));
    }

    @Test
    void twoSeparateCyclesAreBothReported() throws IOException {
        write("t.a.A", cb -> cb.withSuperclass(type("t.b.B")));
        write("t.b.B", cb -> cb.withField("a", type("t.a.A"), 0));
        write("t.c.C", cb -> cb.withSuperclass(type("t.d.D")));
        write("t.d.D", cb -> cb.withField("c", type("t.c.C"), 0));
        assertThat(PackageGraph.of(classes, "t").cycles()).containsExactly(List.of("t.a", "t.b"), List.of("t.c", "t.d"));
    }

    @Test
    void readsTheDirectoryAClassWasLoadedFrom() {
        PackageGraph g = PackageGraph.ofClassesOf(PackageGraph.class, "io.pqrstuv.testkit");
        assertThat(g.packages()).contains("io.pqrstuv.testkit.arch", "io.pqrstuv.testkit.pty");
        g.assertNoCycles();
    }
}
