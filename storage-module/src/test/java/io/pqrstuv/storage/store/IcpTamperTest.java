package io.pqrstuv.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.serial.PipeLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import io.pqrstuv.storage.testing.IcpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering seen through ICP: the storage module on the dev vault, records altered on disk
 * between runs. A flipped byte makes that key fail closed with CMD_FAIL while the others keep
 * signing; two swapped record files both fail closed.
 */
class IcpTamperTest {
    private static final byte[] SECRET = new byte[0];

    @TempDir
    Path state;

    private StorageModule module;
    private IcpClient client;

    private void boot() throws Exception {
        PipeLink.Pair pair = PipeLink.pair();
        module = StorageModule.start(new StorageModule.Config(state, "dev", new DrbgEntropySource(),
                new JcaDeviceCrypto(), Clock.systemUTC(), Algorithm.PROFILE), pair.a());
        client = new IcpClient(pair.b());
    }

    private void stop() throws Exception {
        client.close();
        module.close();
    }

    private byte[] keygen(Algorithm alg) {
        ResponsePayload r = client.authenticated(SECRET, Command.KEYGEN, AlgId.encode(alg.coseId()));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }

    private ResponseCode sign(byte[] id) {
        byte[] op = new byte[48];
        System.arraycopy(id, 0, op, 0, 16);
        return client.authenticated(SECRET, Command.SIGN, op).code();
    }

    private Path record(byte[] id, Algorithm alg) {
        return state.resolve("keys-1").resolve(HexFormat.of().formatHex(id) + "." + alg.coseId());
    }

    @Test
    void flippedByteFailsThatKeyClosedAndOthersKeepWorking() throws Exception {
        boot();
        byte[] a = keygen(Algorithm.ED25519);
        byte[] b = keygen(Algorithm.ED25519);
        stop();
        Path f = record(a, Algorithm.ED25519);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 20] ^= 0x04;
        Files.write(f, bytes);
        boot();
        try {
            assertThat(sign(a)).isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(sign(b)).isEqualTo(ResponseCode.SUCCESS);
            assertThat(client.authenticated(SECRET, Command.GET_PUB, a).code()).isEqualTo(ResponseCode.CMD_FAIL);
        } finally {
            stop();
        }
    }

    @Test
    void swappedRecordFilesBothFailClosed() throws Exception {
        boot();
        byte[] a = keygen(Algorithm.ES256);
        byte[] b = keygen(Algorithm.ES256);
        byte[] c = keygen(Algorithm.ES256);
        stop();
        Path fa = record(a, Algorithm.ES256);
        Path fb = record(b, Algorithm.ES256);
        byte[] ca = Files.readAllBytes(fa);
        Files.write(fa, Files.readAllBytes(fb));
        Files.write(fb, ca);
        boot();
        try {
            assertThat(sign(a)).isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(sign(b)).isEqualTo(ResponseCode.CMD_FAIL);
            assertThat(sign(c)).isEqualTo(ResponseCode.SUCCESS);
        } finally {
            stop();
        }
    }
}
