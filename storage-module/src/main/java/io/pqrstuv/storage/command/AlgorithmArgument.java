package io.pqrstuv.storage.command;

import io.pqrstuv.icp.alg.Algorithm;
import java.util.List;

/** The algorithm operand of SEC_SET_INIT, KEYGEN and KEY_LST, checked against the device's profile. */
final class AlgorithmArgument {
    private AlgorithmArgument() {
    }

    /** The listed algorithm {@code coseId} names, or CMD_FAIL when it is not in available_cryptosystems. */
    static Algorithm listed(int coseId, List<Algorithm> profile) throws CommandRefusedException {
        return Algorithm.byCoseId(coseId).filter(profile::contains)
                .orElseThrow(() -> CommandRefusedException.cmdFail("algorithm not in available_cryptosystems"));
    }
}
