package io.pqrstuv.cryptnox.emulator;

import java.util.HexFormat;

/**
 * The emulated card's answer to reset. It offers T=1 only (pcscd picks the protocol from the ATR,
 * vpcd ignores PPS, and the Cryptnox library connects with T=1 only: notes §5.1 item 9). The
 * interface bytes are those of the JCOP ATR verified with vpcd in the notes (§7.1); the historical
 * bytes say what this is: "CryptnoxEmu1".
 *
 * <pre>
 * 3B          TS direct convention
 * FC          T0: TA1 TB1 TC1 TD1 present, 12 historical bytes
 * 18 00 00    TA1 (Fi=372, Di=12), TB1, TC1
 * 81          TD1: TD2 present, T=1
 * 31          TD2: TA3 TB3 present, T=1
 * FE 45       TA3 IFSC=254, TB3 BWI=4 CWI=5
 * 43..31      "CryptnoxEmu1"
 * B6          TCK
 * </pre>
 */
public final class Atr {
    private static final byte[] ATR = HexFormat.of().parseHex("3bfc1800008131fe4543727970746e6f78456d7531b6");

    private Atr() {
    }

    public static byte[] bytes() {
        return ATR.clone();
    }
}
