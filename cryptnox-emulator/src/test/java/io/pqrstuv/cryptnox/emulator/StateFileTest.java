package io.pqrstuv.cryptnox.emulator;

import static io.pqrstuv.cryptnox.emulator.testing.HostCard.ascii;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.concat;
import static io.pqrstuv.cryptnox.emulator.testing.HostCard.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pqrstuv.cryptnox.emulator.testing.ApduTransport;
import io.pqrstuv.cryptnox.emulator.testing.EmulatorProcess;
import io.pqrstuv.cryptnox.emulator.testing.HostCard;
import io.pqrstuv.cryptnox.emulator.testing.RemoteClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file: persistence, crash safety (SIGKILL), locking, format errors. */
class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsABlankCardAndTheCardKeepsItsIdentityAndData() throws Exception {
        Path f = dir.resolve("card.json");
        byte[] serial;
        try (CardEmulator card = CardEmulator.open(f, CardType.BASIC_G1)) {
            serial = card.serial();
            assertThat(Files.exists(f)).as("written at once").isTrue();
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            assertThat(h.init("Bob", "b@x", "123456", "000000000000", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.secure(0xD0, 0x03, 0, concat(new byte[32], pin("123456"))).sw()).isEqualTo(0x9000);
            assertThat(h.secure(0xFC, 0x00, 0, ascii("kept across restarts")).sw()).isEqualTo(0x9000);
            assertThat(h.secure(0xC0, 0x00, 0, concat(new byte[32], pin("123456"))).sw()).isEqualTo(0x9000);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("card.json", "card.json.lock");
        }
        String json = Files.readString(f);
        assertThat(json).contains("\"format\" : \"pqrstuv-cryptnox-emulator-state\"", "\"keySource\" : \"L\"",
                "\"signingCounter\" : 1");
        try (CardEmulator card = CardEmulator.open(f)) {
            assertThat(card.serial()).isEqualTo(serial);
            assertThat(card.type()).isEqualTo(CardType.BASIC_G1);
            HostCard h = new HostCard(ApduTransport.of(card));
            byte[] sel = h.connect().data();
            assertThat(sel[5] & 0x60).as("initialized and seeded").isEqualTo(0x60);
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("123456").sw()).isEqualTo(0x9000);
            assertThat(h.secure(0xFA, 0x00, 1, new byte[0], true).data()).isEqualTo(ascii("kept across restarts"));
            assertThat(h.secure(0xFB, 0, 0, new byte[0]).data()).startsWith(0, 0, 0, 1);
        }
    }

    @Test
    void pinCountersSurviveASigkilledEmulator() throws Exception {
        Path f = dir.resolve("killed.json");
        try (CardEmulator card = CardEmulator.open(f, CardType.BASIC_G1)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            assertThat(h.init("", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
        }
        // three wrong PINs in a child emulator, then SIGKILL
        EmulatorProcess.Child child = EmulatorProcess.start(f);
        try (RemoteClient c = client(child)) {
            HostCard h = new HostCard(c);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C2);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C1);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C0);
        }
        child.kill();
        // a new process: a new power cycle, 3 tries left in all
        child = EmulatorProcess.start(f);
        try (RemoteClient c = client(child)) {
            HostCard h = new HostCard(c);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.secure(0x20, 0, 0, new byte[0]).data()).containsExactly(3);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C2);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C1);
            assertThat(h.verifyPin("0000").sw()).isEqualTo(0x63C0);
        }
        child.kill();
        // blocked for good: the right PIN no longer works, in this process either
        try (CardEmulator card = CardEmulator.open(f)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("1234").sw()).isEqualTo(0x63C0);
            assertThat(h.secure(0x22, 0, 0, new byte[0]).sw()).as("blocked").isEqualTo(0x6A80);
        }
        assertThat(Files.readString(f)).contains("\"pinTriesLeft\" : 0");
    }

    private static RemoteClient client(EmulatorProcess.Child child) throws IOException {
        return new RemoteClient(new Socket(InetAddress.getLoopbackAddress(), child.port()));
    }

    @Test
    void aSecondEmulatorCannotOpenACardInUse() throws Exception {
        Path f = dir.resolve("busy.json");
        try (CardEmulator card = CardEmulator.open(f, CardType.BASIC_G1)) {
            assertThatThrownBy(() -> CardEmulator.open(f)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another emulator");
        }
        CardEmulator.open(f).close();
    }

    @Test
    void theTypeMustMatchAndDamagedFilesAreRefused() throws Exception {
        Path f = dir.resolve("nft.json");
        CardEmulator.open(f, CardType.NFT).close();
        assertThatThrownBy(() -> CardEmulator.open(f, CardType.BASIC_G1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds an NFT card, not Basic G1");
        try (CardEmulator card = CardEmulator.open(f)) {
            assertThat(card.type()).isEqualTo(CardType.NFT);
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"something else\"}");
        assertThatThrownBy(() -> CardEmulator.open(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json");
        Files.writeString(bad, Files.readString(f).replace("\"pinTriesLeft\" : 6", "\"pinTriesLeft\" : 60"));
        assertThatThrownBy(() -> CardEmulator.open(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pinTriesLeft out of range");
        Files.write(bad, Files.readString(f).substring(0, 200).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CardEmulator.open(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid state file");
        // nothing was overwritten by the failed opens
        assertThat(Files.size(bad)).isEqualTo(200);
        assertThatThrownBy(() -> CardEmulator.open(dir.resolve("no/such/dir/card.json"))).isInstanceOf(IOException.class);
    }

    @Test
    void aFailedSaveUndoesTheChangeAndAnswers6F00() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("ro"));
        Path f = sub.resolve("card.json");
        try (CardEmulator card = CardEmulator.open(f, CardType.BASIC_G1)) {
            HostCard h = new HostCard(ApduTransport.of(card));
            h.connect();
            assertThat(h.init("", "", "1234", "ABCDEFGHIJKL", HostCard.DEFAULT_PAIRING).sw()).isEqualTo(0x9000);
            h.connect();
            h.openSecureChannel(HostCard.DEFAULT_PAIRING);
            assertThat(h.verifyPin("1234").sw()).isEqualTo(0x9000);
            // the directory becomes unwritable (root ignores permissions, so replace it with a file)
            Path moved = dir.resolve("moved");
            Files.move(sub, moved);
            Files.writeString(sub, "not a directory");
            assertThat(h.secure(0xFC, 0x00, 0, new byte[] {1}).sw()).isEqualTo(0x6F00);
            assertThat(h.secure(0xFA, 0x00, 1, new byte[0], true).data()).as("write undone").isEmpty();
            Files.delete(sub);
            Files.move(moved, sub);
            assertThat(h.secure(0xFC, 0x00, 0, new byte[] {1}).sw()).isEqualTo(0x9000);
            assertThat(h.secure(0xFA, 0x00, 1, new byte[0], true).data()).containsExactly(1);
        }
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(f))).isNotEmpty();
    }
}
