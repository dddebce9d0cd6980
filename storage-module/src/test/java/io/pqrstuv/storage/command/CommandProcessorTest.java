package io.pqrstuv.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.AuthToken;
import io.pqrstuv.icp.Command;
import io.pqrstuv.icp.ResponseCode;
import io.pqrstuv.icp.Sessions;
import io.pqrstuv.icp.alg.AlgId;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.icp.payload.RequestPayload;
import io.pqrstuv.icp.payload.ResponsePayload;
import io.pqrstuv.storage.info.InfoMap;
import io.pqrstuv.storage.store.InMemoryStorage;
import io.pqrstuv.storage.persist.RecordTamperedException;
import io.pqrstuv.storage.store.SecureStorage;
import io.pqrstuv.storage.persist.StorageException;
import io.pqrstuv.storage.testing.ManualClock;
import io.pqrstuv.storage.testing.ScriptedEntropy;
import io.pqrstuv.testkit.crypto.IndependentCrypto;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The processor alone, with a hand-moved clock and a store that fails on demand (ICP-PAY-11). */
class CommandProcessorTest {
    private final ManualClock clock = new ManualClock();
    private final FailingStorage storage = new FailingStorage();
    private final CommandProcessor processor = new CommandProcessor(new JcaDeviceCrypto(), storage, new ScriptedEntropy(),
            clock, new InfoMap("00000000-0000-4000-8000-000000000000", Algorithm.PROFILE));

    /** InMemoryStorage whose reads can be made to fail. */
    static final class FailingStorage implements SecureStorage {
        final InMemoryStorage inner = new InMemoryStorage();
        StorageException next;

        private void maybeFail() throws StorageException {
            StorageException e = next;
            next = null;
            if (e != null) {
                throw e;
            }
        }

        @Override
        public boolean contains(byte[] id) throws StorageException {
            return inner.contains(id);
        }

        @Override
        public void putKey(byte[] id, Algorithm algorithm, byte[] cosePrivate) throws StorageException {
            inner.putKey(id, algorithm, cosePrivate);
        }

        @Override
        public Optional<StoredKey> getKey(byte[] id) throws StorageException {
            maybeFail();
            return inner.getKey(id);
        }

        @Override
        public List<byte[]> listIds(Algorithm algorithm) throws StorageException {
            maybeFail();
            return inner.listIds(algorithm);
        }

        @Override
        public boolean deleteKey(byte[] id) {
            return inner.deleteKey(id);
        }

        @Override
        public byte[] secret() {
            return inner.secret();
        }

        @Override
        public void setSecret(byte[] secret) {
            inner.setSecret(secret);
        }

        @Override
        public void cryptoReset() {
            inner.cryptoReset();
        }

        @Override
        public void deviceReset() {
            inner.deviceReset();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private ResponsePayload run(RequestPayload request) {
        return processor.process(request.encode());
    }

    private ResponsePayload authenticated(Command command, byte[] opData) {
        ResponsePayload init = run(RequestPayload.unauthenticated(Command.INIT, new byte[0]));
        int session = Sessions.fromBytes(init.data(), 0);
        byte[] token = AuthToken.compute(new byte[0], Arrays.copyOfRange(init.data(), 4, 20));
        return run(new RequestPayload(session, token, command, opData));
    }

    private byte[] keygen(Algorithm alg) {
        ResponsePayload r = authenticated(Command.KEYGEN, AlgId.encode(alg.coseId()));
        assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
        return r.data();
    }

    @Test
    void aFailingStoreGivesUnknownErr() {
        storage.next = new StorageException("disk gone");
        assertThat(authenticated(Command.KEY_LST, AlgId.encode(-48)).code()).isEqualTo(ResponseCode.UNKNOWN_ERR);
    }

    @Test
    void aTamperedRecordGivesCmdFail() {
        byte[] id = keygen(Algorithm.ED25519);
        storage.next = new RecordTamperedException("tag mismatch");
        ResponsePayload r = authenticated(Command.SIGN, concat(id, new byte[32]));
        assertThat(r.code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(r.data()).isEmpty();
    }

    @Test
    void theRequestBufferIsZeroizedOnEveryPath() {
        byte[] ok = RequestPayload.unauthenticated(Command.PING, new byte[] {1, 2, 3}).encode();
        processor.process(ok);
        assertThat(ok).containsOnly(0);
        byte[] imp = new RequestPayload(Sessions.UNAUTHENTICATED, new byte[16], Command.IMPORT, new byte[] {(byte) 0xA1, 1, 2}).encode();
        processor.process(imp);
        assertThat(imp).containsOnly(0);
        byte[] shortOne = {9, 9, 9};
        processor.process(shortOne);
        assertThat(shortOne).containsOnly(0);
    }

    /** SEC_SET_INIT for ML-KEM-512, then a valid D-13 SEC_SET_CONF op data for its key. */
    private byte[] secretChangeTo(byte[] secret) throws Exception {
        ResponsePayload init = authenticated(Command.SEC_SET_INIT, AlgId.encode(Algorithm.ML_KEM_512.coseId()));
        assertThat(init.code()).isEqualTo(ResponseCode.SUCCESS);
        java.security.PublicKey pk = IndependentCrypto.publicKeyFromCose(Algorithm.ML_KEM_512, init.data());
        IndependentCrypto.Encapsulated kem = IndependentCrypto.encapsulate(Algorithm.ML_KEM_512, pk, new java.security.SecureRandom());
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        byte[] iv = new byte[12];
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(kem.secret(), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, iv));
        return concat(concat(iv, gcm.doFinal(secret)), kem.ciphertext());
    }

    @Test
    void theSecretChangeKeyPairLivesTenMinutes() throws Exception {
        byte[] conf = secretChangeTo(new byte[] {1});
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        processor.housekeeping();
        assertThat(authenticated(Command.SEC_SET_CONF, conf).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(storage.secret()).containsExactly(1);
    }

    @Test
    void theSecretChangeKeyPairIsZeroizedAfterTenMinutes() throws Exception {
        byte[] conf = secretChangeTo(new byte[] {1});
        clock.advance(Duration.ofMinutes(10));
        processor.housekeeping();
        assertThat(authenticated(Command.SEC_SET_CONF, conf).code()).isEqualTo(ResponseCode.CMD_FAIL);
        assertThat(storage.secret()).isEmpty();
    }

    @Test
    void aDeviceResetDropsAPendingSecretChange() throws Exception {
        byte[] conf = secretChangeTo(new byte[] {2});
        assertThat(authenticated(Command.DEV_RST, new byte[0]).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(authenticated(Command.SEC_SET_CONF, conf).code()).isEqualTo(ResponseCode.CMD_FAIL);
    }

    @Test
    void framingRepliesUseTheReservedSession() {
        assertThat(CommandProcessor.framingReply(new io.pqrstuv.icp.frame.ReceiverEvent.GapTimeout(3)))
                .isEqualTo(ResponsePayload.framingError(ResponseCode.CHECKSUM_FAIL));
        assertThat(CommandProcessor.framingReply(new io.pqrstuv.icp.frame.ReceiverEvent.Oversize(60_000)))
                .isEqualTo(ResponsePayload.framingError(ResponseCode.CMD_REJECTED));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
