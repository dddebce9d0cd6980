package io.pqrstuv.cli.card;

import io.pqrstuv.cli.Main;
import io.pqrstuv.cli.console.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Runs the real command tree in-process, with captured output and a scripted terminal for the card commands. */
final class CardCli {
    record Result(int exitCode, String out, String err, byte[] binary) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nout: " + out + "\nerr: " + err;
        }
    }

    private CardCli() {
    }

    static Result run(Deque<String> answers, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        Terminal saved = CardBase.terminal;
        var savedIn = CardBase.stdin;
        var savedOut = CardBase.binaryOut;
        CardBase.terminal = answers == null ? scripted(null) : scripted(answers);
        CardBase.stdin = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin);
        CardBase.binaryOut = new PrintStream(bin);
        try {
            int code = Main.commandLine(args).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute(args);
            return new Result(code, out.toString(), err.toString(), bin.toByteArray());
        } finally {
            CardBase.terminal = saved;
            CardBase.stdin = savedIn;
            CardBase.binaryOut = savedOut;
        }
    }

    static Result run(String... args) {
        return run(null, null, args);
    }

    static Deque<String> answers(String... a) {
        return new ArrayDeque<>(List.of(a));
    }

    private static Terminal scripted(Deque<String> answers) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return answers != null;
            }

            @Override
            public char[] readSecret(String prompt) {
                String a = answers == null ? null : answers.poll();
                return a == null ? null : a.toCharArray();
            }

            @Override
            public String readLine(String prompt) {
                return answers == null ? null : answers.poll();
            }
        };
    }
}
