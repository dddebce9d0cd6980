package io.pqrstuv.client;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.List;
import java.util.Optional;

/**
 * GET /info. {@code algorithms} are the advertised ids this client knows; {@code unknownAlgorithmIds}
 * the rest (kept so nothing the device says is silently dropped). {@code json} is the raw object.
 */
public record DeviceInfo(
        Optional<String> name,
        Optional<String> serialNumber,
        Optional<String> manufacturer,
        Optional<String> documentation,
        List<Algorithm> algorithms,
        List<Integer> unknownAlgorithmIds,
        int tokenHashAlgorithm,
        String json) {
    public DeviceInfo {
        algorithms = List.copyOf(algorithms);
        unknownAlgorithmIds = List.copyOf(unknownAlgorithmIds);
    }

    public boolean offers(Algorithm algorithm) {
        return algorithms.contains(algorithm);
    }
}
