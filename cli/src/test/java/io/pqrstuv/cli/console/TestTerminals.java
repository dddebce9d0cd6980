package io.pqrstuv.cli.console;

import java.util.Deque;

/** Terminals for command tests: none at all, or one that answers prompts from a script. */
public final class TestTerminals {
    private TestTerminals() {
    }

    /** No terminal: not interactive, every prompt gets nothing. */
    public static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public char[] readSecret(String prompt) {
                return null;
            }

            @Override
            public String readLine(String prompt) {
                return null;
            }
        };
    }

    /** An interactive terminal whose prompts take the next answer (null once they run out). */
    public static Terminal scripted(Deque<String> answers) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public char[] readSecret(String prompt) {
                String a = answers.poll();
                return a == null ? null : a.toCharArray();
            }

            @Override
            public String readLine(String prompt) {
                return answers.poll();
            }
        };
    }
}
