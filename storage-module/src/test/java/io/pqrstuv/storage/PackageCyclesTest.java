package io.pqrstuv.storage;

import io.pqrstuv.testkit.arch.PackageGraph;
import org.junit.jupiter.api.Test;

/** The module's packages form a layered graph (P-53): none depends on a package that depends back on it. */
class PackageCyclesTest {
    private static final PackageGraph PACKAGES = PackageGraph.ofClassesOf(StorageModule.class, "io.pqrstuv.storage");

    @Test
    void packagesFormNoCycle() {
        PACKAGES.assertNoCycles();
    }
}
