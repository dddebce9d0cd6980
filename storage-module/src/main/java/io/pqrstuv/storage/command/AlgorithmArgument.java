package io.pqrstuv.storage.command;

import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import java.util.List;

/** The 3-byte algorithm operand of SEC_SET_INIT, KEYGEN and KEY_LST (D-12). */
final class AlgorithmArgument {
    private AlgorithmArgument() {
    }

    /** The listed algorithm the operand names, or CMD_FAIL when it is not in available_cryptosystems. */
    static Algorithm listed(byte[] opData, List<Algorithm> profile) throws IcpException {
        int id = AlgId.decode(opData);
        return Algorithm.byCoseId(id).filter(profile::contains)
                .orElseThrow(() -> IcpException.cmdFail("algorithm not in available_cryptosystems"));
    }
}
