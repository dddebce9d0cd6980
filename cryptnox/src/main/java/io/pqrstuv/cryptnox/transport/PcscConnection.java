package io.pqrstuv.cryptnox.transport;

import io.pqrstuv.cryptnox.error.CardTransportException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * A card in a PC/SC reader, through {@code javax.smartcardio} (pcsc-lite on Linux). Protocol T=1
 * only, as the Cryptnox applet and the Python library require; extended APDUs pass unchanged.
 * Readers are chosen by index or by name. Like the Python library, the index ignores readers whose
 * name starts with "Yubico" (a YubiKey is a reader with a card of its own), so {@code --reader 0}
 * means the same reader to both tools.
 */
public final class PcscConnection implements CardConnection {
    private static final int CONNECT_ATTEMPTS = 3;
    private static final long CONNECT_PAUSE_MS = 200;

    private final Card card;
    private final CardChannel channel;
    private final String readerName;
    private final ByteBuffer response = ByteBuffer.allocate(65_538);
    private boolean closed;

    private PcscConnection(Card card, String readerName) {
        this.card = card;
        this.channel = card.getBasicChannel();
        this.readerName = readerName;
    }

    /** Names of the readers the PC/SC service knows, in its order (Yubico readers included). */
    public static List<String> readerNames() throws CardTransportException {
        List<String> names = new ArrayList<>();
        for (CardTerminal t : terminals()) {
            names.add(t.getName());
        }
        return names;
    }

    /** True when a card is present in the named reader. */
    public static boolean cardPresent(String readerName) throws CardTransportException {
        try {
            return find(readerName).isCardPresent();
        } catch (CardException e) {
            throw new CardTransportException("reader '" + readerName + "': " + reason(e), e);
        }
    }

    /** Connects to the card in the {@code index}-th reader (Yubico readers skipped). */
    public static PcscConnection open(int index) throws CardTransportException {
        List<CardTerminal> usable = new ArrayList<>();
        for (CardTerminal t : terminals()) {
            if (!t.getName().startsWith("Yubico")) {
                usable.add(t);
            }
        }
        if (usable.isEmpty()) {
            throw new CardTransportException("no smartcard reader found");
        }
        if (index < 0 || index >= usable.size()) {
            throw new CardTransportException("no reader number " + index + " (there " + (usable.size() == 1
                    ? "is 1 reader" : "are " + usable.size() + " readers") + ", numbered from 0)");
        }
        return connect(usable.get(index));
    }

    /**
     * Connects to the card in the reader called {@code name}: the exact name, else the only reader
     * whose name contains it (case-insensitive), so "Virtual PCD 00 00" and "PCD 00 01" both work.
     */
    public static PcscConnection open(String name) throws CardTransportException {
        return connect(find(name));
    }

    /** Either form: a decimal number is an index, anything else a name. */
    public static PcscConnection openReader(String indexOrName) throws CardTransportException {
        if (indexOrName.matches("[0-9]{1,3}")) {
            return open(Integer.parseInt(indexOrName));
        }
        return open(indexOrName);
    }

    private static CardTerminal find(String name) throws CardTransportException {
        List<CardTerminal> all = terminals();
        List<CardTerminal> partial = new ArrayList<>();
        String needle = name.toLowerCase(Locale.ROOT);
        for (CardTerminal t : all) {
            if (t.getName().equals(name)) {
                return t;
            }
            if (t.getName().toLowerCase(Locale.ROOT).contains(needle)) {
                partial.add(t);
            }
        }
        if (partial.size() == 1) {
            return partial.getFirst();
        }
        if (partial.isEmpty()) {
            throw new CardTransportException("no reader named '" + name + "'" + (all.isEmpty() ? " (no readers at all)"
                    : "; readers: " + String.join(", ", all.stream().map(CardTerminal::getName).toList())));
        }
        throw new CardTransportException("'" + name + "' matches several readers: "
                + String.join(", ", partial.stream().map(CardTerminal::getName).toList()));
    }

    private static List<CardTerminal> terminals() throws CardTransportException {
        TerminalFactory factory;
        try {
            factory = TerminalFactory.getInstance("PC/SC", null);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CardTransportException("no PC/SC service: " + rootMessage(e)
                    + " (is pcscd running? on Debian: apt-get install pcscd)", e);
        }
        try {
            return factory.terminals().list();
        } catch (CardException e) {
            String r = reason(e);
            if (r.contains("SCARD_E_NO_READERS_AVAILABLE")) {
                return List.of();
            }
            throw new CardTransportException("cannot list the readers: " + r, e);
        }
    }

    private static PcscConnection connect(CardTerminal terminal) throws CardTransportException {
        CardException last = null;
        for (int attempt = 0; attempt < CONNECT_ATTEMPTS; attempt++) {
            try {
                return new PcscConnection(terminal.connect("T=1"), terminal.getName());
            } catch (CardNotPresentException e) {
                last = e;
            } catch (CardException e) {
                last = e;
            }
            try {
                Thread.sleep(CONNECT_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String why = last == null ? "interrupted" : reason(last);
        if (last instanceof CardNotPresentException || why.contains("NO_SMARTCARD") || why.contains("REMOVED")) {
            throw new CardTransportException("no card in reader '" + terminal.getName() + "'", last);
        }
        throw new CardTransportException("cannot connect to the card in '" + terminal.getName() + "' with T=1: " + why, last);
    }

    @Override
    public byte[] transmit(byte[] command) throws CardTransportException {
        if (closed) {
            throw new CardTransportException("the connection to '" + readerName + "' is closed");
        }
        response.clear();
        try {
            channel.transmit(ByteBuffer.wrap(command), response);
        } catch (CardException | IllegalStateException e) {
            throw new CardTransportException("reader '" + readerName + "': " + reason(e), e);
        }
        response.flip();
        byte[] out = new byte[response.remaining()];
        response.get(out);
        // the buffer may have held secret-channel ciphertext only, but wipe it all the same
        java.util.Arrays.fill(response.array(), (byte) 0);
        return out;
    }

    @Override
    public String description() {
        return "reader '" + readerName + "'";
    }

    public String readerName() {
        return readerName;
    }

    /** Disconnects resetting the card: the PIN verified in this session does not outlive it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            card.disconnect(true);
        } catch (CardException | IllegalStateException ignored) {
            // the card or the service is gone: nothing left to reset
        }
    }

    private static String reason(Throwable e) {
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        while (t.getCause() != null) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }
}
