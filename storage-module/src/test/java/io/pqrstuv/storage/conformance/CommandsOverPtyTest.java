package io.pqrstuv.storage.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.testing.ModuleUnderTest;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

/** One pass through the key lifecycle and both crypto operations over a socat pty pair. */
class CommandsOverPtyTest extends ConformanceBase {
    @Override
    ModuleUnderTest.Transport transport() {
        return ModuleUnderTest.Transport.PTY;
    }

    @Test
    void keygenGetPubSignDecapsListDeleteOverATty() throws Exception {
        byte[] sig = keygen(Algorithm.ML_DSA_65);
        PublicKey pub = IndependentCrypto.publicKeyFromCose(Algorithm.ML_DSA_65, getPub(sig));
        byte[] doc = random(64);
        ResponsePayload s = auth(Command.SIGN, concat(sig, IndependentCrypto.sha3(doc)));
        assertCode(s, ResponseCode.SUCCESS);
        assertThat(IndependentCrypto.verify(Algorithm.ML_DSA_65, pub, doc, s.data())).isTrue();

        byte[] kem = keygen(Algorithm.ML_KEM_1024);
        IndependentCrypto.Encapsulated enc = IndependentCrypto.encapsulate(Algorithm.ML_KEM_1024,
                IndependentCrypto.publicKeyFromCose(Algorithm.ML_KEM_1024, getPub(kem)), RANDOM);
        ResponsePayload d = auth(Command.DECAPS, concat(kem, enc.ciphertext()));
        assertCode(d, ResponseCode.SUCCESS);
        assertThat(d.data()).isEqualTo(enc.secret());

        assertThat(auth(Command.KEY_LST, AlgId.encode(Algorithm.ML_DSA_65.coseId())).data()).hasSize(20);
        assertCode(auth(Command.KEY_DEL, sig), ResponseCode.SUCCESS);
        assertThat(auth(Command.KEY_LST, AlgId.encode(Algorithm.ML_DSA_65.coseId())).data()).containsExactly(0, 0, 0, 0);
    }
}
