package io.pqrstuv.cryptnox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.card.CardFactory;
import io.pqrstuv.cryptnox.card.CryptnoxCard;
import io.pqrstuv.cryptnox.derivation.KeyType;
import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.error.CardStateException;
import io.pqrstuv.cryptnox.error.IncorrectParametersException;
import io.pqrstuv.cryptnox.error.InstructionNotSupportedException;
import io.pqrstuv.cryptnox.transport.CardConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet features against two emulated 2.0.0 cards in process; and what a 1.6.1 card answers instead. */
class InProcessWalletFeaturesTest extends WalletFeaturesContract {
    @TempDir
    Path dir;
    CardEmulator first;
    CardEmulator second;

    @BeforeEach
    void start() throws Exception {
        first = CardEmulator.builder().stateFile(dir.resolve("a.state")).firmware(Firmware.V2_0_0).build();
        second = CardEmulator.builder().firmware(Firmware.V2_0_0).build();
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Override
    CardConnection connect() {
        return new EmulatorConnection(first);
    }

    @Override
    CardConnection connectSecond() {
        return new EmulatorConnection(second);
    }

    @Test
    void aFirmware161CardSaysItLacksTheVersionTwoCommands() throws Exception {
        try (CardEmulator old = CardEmulator.inMemory(CardType.BASIC_G1);
                CryptnoxCard card = initialised(new EmulatorConnection(old))) {
            assertThat(card.appletVersion().toString()).isEqualTo("1.6.1");
            assertThatThrownBy(() -> card.generateSeedWrapKey(2048)).isInstanceOf(InstructionNotSupportedException.class)
                    .hasMessageContaining("SW 6D00").hasMessageContaining("firmware 2.0");
            assertThatThrownBy(() -> card.loadWrappedSeed(new byte[256], PIN))
                    .isInstanceOf(IncorrectParametersException.class).hasMessageContaining("firmware 2.0");
            card.verifyPin(PIN);
            card.loadSeed(TV1_SEED, PIN);
            card.verifyPin(PIN);
            assertThatThrownBy(() -> card.signPublic(KeyType.K1)).isInstanceOf(InstructionNotSupportedException.class)
                    .hasMessageContaining("applet 1.6.1").hasMessageContaining("firmware 2.0");
        }
    }

    @Test
    void nftCardsHaveNoneOfTheseButTheSignatureCheck() throws Exception {
        try (CardEmulator nft = CardEmulator.inMemory(CardType.NFT);
                CryptnoxCard card = CardFactory.open(new EmulatorConnection(nft))) {
            card.init("nft", "", PIN, PUK, null);
            card.verifyPin(PIN);
            assertThatThrownBy(() -> card.userKeys().challenge()).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.dualSeedPublicKey(PIN)).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.generateSeedWrapKey(2048)).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.signatureCheck()).isInstanceOf(CardStateException.class)
                    .hasMessageContaining("no seed");
            card.generateSeed(PIN);
            assertThatThrownBy(() -> card.decryptionKey(null, PIN)).isInstanceOf(CardStateException.class);
            assertThatThrownBy(() -> card.signPublic(KeyType.K1)).isInstanceOf(CardStateException.class);
        }
    }
}
