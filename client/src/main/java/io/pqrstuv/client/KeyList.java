package io.pqrstuv.client;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.List;

/** /list_keys for one algorithm (D-21): identifiers in device order. */
public record KeyList(Algorithm algorithm, List<KeyId> identifiers) {
    public KeyList {
        identifiers = List.copyOf(identifiers);
    }

    public int count() {
        return identifiers.size();
    }
}
