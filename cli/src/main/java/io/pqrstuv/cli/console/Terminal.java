package io.pqrstuv.cli.console;

import java.io.Console;

/** The interactive side: no-echo secret prompts and confirmations. Replaceable in tests. */
public interface Terminal {
    /** True when a user can answer prompts. */
    boolean interactive();

    /** Reads a line without echo; the caller wipes the array. Null at end of input. */
    char[] readSecret(String prompt);

    /** Reads a visible line. Null at end of input. */
    String readLine(String prompt);

    static Terminal system() {
        return new Terminal() {
            private Console console() {
                Console c = System.console();
                return c != null && c.isTerminal() ? c : null;
            }

            @Override
            public boolean interactive() {
                return console() != null;
            }

            @Override
            public char[] readSecret(String prompt) {
                Console c = console();
                return c == null ? null : c.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                Console c = console();
                return c == null ? null : c.readLine("%s", prompt);
            }
        };
    }
}
