package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.storage.persist.StorageException;
import org.junit.jupiter.api.Test;

class StoreManifestTest {
    @Test
    void parsesItsOwnFormat() throws Exception {
        StoreManifest m = new StoreManifest(3, 2);
        StoreManifest.Parsed p = StoreManifest.parse(m.body() + "mac 00ff\n");
        assertThat(p.manifest()).isEqualTo(m);
        assertThat(p.mac()).containsExactly(0x00, 0xff);
        assertThat(m.next(false)).isEqualTo(new StoreManifest(4, 2));
        assertThat(m.next(true)).isEqualTo(new StoreManifest(4, 3));
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"", "pqrstuv-store 1\nkeystore 1\nsecret 1\n",
                "pqrstuv-store 2\nkeystore 1\nsecret 1\nmac 00\n", "pqrstuv-store 1\nkeystore 01\nsecret 1\nmac 00\n",
                "pqrstuv-store 1\nkeystore 0\nsecret 1\nmac 00\n", "pqrstuv-store 1\nkeystore 1\nsecret 1\nmac zz\n",
                "pqrstuv-store 1\nkeystore 1\nsecret 1\nmac 00\nextra\n", "pqrstuv-store 1\nkeystore -1\nsecret 1\nmac 00\n"}) {
            assertThatThrownBy(() -> StoreManifest.parse(bad)).as(bad).isInstanceOf(StorageException.class);
        }
    }
}
