package io.pqrstuv.cli.emulate;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.CardType;
import io.pqrstuv.cryptnox.emulator.Firmware;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pqrstuv emulate cryptnox}: an emulated Cryptnox card (Basic G1 or NFT) kept in a state
 * file, put in pcscd's vpcd reader or served in the library's remote socket mode. Runs until
 * stopped (Ctrl-C, SIGTERM); every persistent change is already on disk by then.
 */
@Command(name = "cryptnox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Emulate a Cryptnox hardware-wallet card (docs/cryptnox-emulator.md).",
            "With --vpcd the card sits in pcscd's \"Virtual PCD\" reader (Debian: pcscd + vsmartcard-vpcd), "
                    + "where any PC/SC client sees it; with --remote/--remote-listen it speaks the Cryptnox "
                    + "library's remote socket mode."})
public final class CryptnoxEmulateCommand implements Callable<Integer> {
    /** Debian's /etc/reader.conf.d/vpcd: slot 0 of "Virtual PCD" listens on 0x8C7B. */
    static final String DEFAULT_VPCD = "127.0.0.1:35963";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Transport transport;

    static final class Transport {
        @Option(names = "--vpcd", paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = DEFAULT_VPCD,
                description = "Connect to vpcd in pcscd (default " + DEFAULT_VPCD + ", reader \"Virtual PCD 00 00\"; "
                        + "port+1 is \"… 00 01\"). Reconnects whenever pcscd restarts.")
        String vpcd;

        @Option(names = "--remote", paramLabel = "HOST:PORT",
                description = "Remote mode, connecting out to a host that listens; reconnects when it closes.")
        String remote;

        @Option(names = "--remote-listen", paramLabel = "[HOST:]PORT",
                description = "Remote mode, listening (what the official CLI's --port expects); default host 127.0.0.1. "
                        + "Port 0 picks a free port.")
        String remoteListen;
    }

    @Option(names = "--state", paramLabel = "FILE", required = true,
            description = "The card's state file; a file that does not exist yet is a blank card.")
    Path state;

    @Option(names = "--type", paramLabel = "basic|nft",
            description = "Card type of a new card (default basic); for an existing card it must match.")
    String type;

    @Option(names = "--firmware", paramLabel = "1.6.1|2.0.0",
            description = "Applet firmware of a new card (default 1.6.1; 2.0.0 adds SIGN PUBLIC and seed wrapping); "
                    + "for an existing card it must match.")
    String firmware;

    @Option(names = "--verbose", description = "Log every APDU's header, length and status word (never its data).")
    boolean verbose;

    @Override
    public Integer call() {
        configureLogging(verbose);
        CardType cardType;
        Firmware firmwareVersion;
        InetSocketAddress address;
        try {
            cardType = type == null ? null : CardType.fromId(type);
            firmwareVersion = firmware == null ? null : Firmware.fromId(firmware);
            address = transport.remoteListen != null ? hostPort(transport.remoteListen, "127.0.0.1")
                    : hostPort(transport.vpcd != null ? transport.vpcd : transport.remote, null);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        boolean existed = Files.exists(state);
        CardEmulator card;
        try {
            card = CardEmulator.builder().stateFile(state).type(cardType).firmware(firmwareVersion).build();
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        String where;
        try {
            where = attach(card, address);
        } catch (IOException | IllegalArgumentException e) {
            card.close();
            return fail(e.getMessage());
        }
        System.out.println("Cryptnox emulator: " + card.type() + " card, firmware " + card.firmware() + ", serial "
                + HexFormat.of().formatHex(card.serial()) + ", state " + state.toAbsolutePath()
                + (existed ? "" : " (new blank card)"));
        System.out.println(where);
        System.out.flush();
        return serveUntilStopped(card);
    }

    private String attach(CardEmulator card, InetSocketAddress a) throws IOException {
        if (transport.vpcd != null) {
            card.attachVpcd(a.getHostString(), a.getPort());
            return "In vpcd at " + a.getHostString() + ":" + a.getPort() + " (reconnecting until pcscd's vpcd reader is there). Stop with Ctrl-C.";
        }
        if (transport.remote != null) {
            card.connectRemote(a.getHostString(), a.getPort());
            return "Remote mode: connecting to " + a.getHostString() + ":" + a.getPort() + " (and again whenever it closes). Stop with Ctrl-C.";
        }
        RemoteServer s = card.listenRemote(InetAddress.getByName(a.getHostString()), a.getPort());
        return "Remote mode: listening on " + s.address().getAddress().getHostAddress() + ":" + s.port()
                + " (one client at a time; each connection is a power cycle). Stop with Ctrl-C.";
    }

    /** HOST:PORT, [IPv6]:PORT, or PORT alone when a default host is given. */
    static InetSocketAddress hostPort(String text, String defaultHost) {
        int colon = text.lastIndexOf(':');
        String host;
        String port;
        if (colon < 0) {
            if (defaultHost == null) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
            }
            host = defaultHost;
            port = text;
        } else {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("write IPv6 addresses in brackets: [" + host + "]:PORT");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + port + "' is not a port number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of range");
        }
        return InetSocketAddress.createUnresolved(host, p);
    }

    private static int serveUntilStopped(CardEmulator card) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            card.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int fail(String message) {
        System.err.println("pqrstuv emulate cryptnox: " + message);
        return 1;
    }

    /** One line per event on stderr: time and message. */
    static void configureLogging(boolean verbose) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tH:%1$tM:%1$tS %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(verbose ? Level.FINE : Level.INFO);
        root.addHandler(console);
        Logger.getLogger("io.pqrstuv.cryptnox.emulator").setLevel(verbose ? Level.FINE : Level.INFO);
    }
}
