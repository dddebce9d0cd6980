package io.pqrstuv.qrng;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.testkit.arch.PackageGraph;
import org.junit.jupiter.api.Test;

/** The module's packages form a layered graph (P-53): none depends on a package that depends back on it. */
class PackageCyclesTest {
    private static final PackageGraph PACKAGES = PackageGraph.ofClassesOf(QccDevice.class, "io.pqrstuv.qrng");

    @Test
    void packagesFormNoCycle() {
        PACKAGES.assertNoCycles();
    }

    /** The codec and the failures are the bottom layers: usable without a device, a transport or the JCA. */
    @Test
    void theCodecDependsOnlyOnTheFailures() {
        assertThat(PACKAGES.dependenciesOf("io.pqrstuv.qrng.error")).isEmpty();
        assertThat(PACKAGES.dependenciesOf("io.pqrstuv.qrng.wire")).containsExactly("io.pqrstuv.qrng.error");
        assertThat(PACKAGES.dependenciesOf("io.pqrstuv.qrng.transport")).containsExactly("io.pqrstuv.qrng.error");
    }
}
