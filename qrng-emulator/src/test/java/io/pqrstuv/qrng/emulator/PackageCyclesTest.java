package io.pqrstuv.qrng.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.testkit.arch.PackageGraph;
import org.junit.jupiter.api.Test;

/** The module's packages form a layered graph (P-53): none depends on a package that depends back on it. */
class PackageCyclesTest {
    private static final PackageGraph PACKAGES = PackageGraph.ofClassesOf(QcicadaEmulator.class, "io.pqrstuv.qrng.emulator");

    @Test
    void packagesFormNoCycle() {
        PACKAGES.assertNoCycles();
    }

    /** The device model knows its wire and its memory, not the emulator API nor a transport (ports and adapters). */
    @Test
    void theDeviceKnowsNeitherTheApiNorTheLinks() {
        assertThat(PACKAGES.dependenciesOf("io.pqrstuv.qrng.emulator.device"))
                .containsExactlyInAnyOrder("io.pqrstuv.qrng.emulator.state", "io.pqrstuv.qrng.emulator.wire");
        assertThat(PACKAGES.dependenciesOf("io.pqrstuv.qrng.emulator.wire")).isEmpty();
    }
}
