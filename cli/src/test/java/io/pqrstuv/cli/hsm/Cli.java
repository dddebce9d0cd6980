package io.pqrstuv.cli.hsm;

import io.pqrstuv.cli.Main;
import io.pqrstuv.cli.console.Terminal;
import io.pqrstuv.cli.console.TestTerminals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import picocli.CommandLine;

/** Runs the real command tree in-process with captured output and a scripted terminal. */
final class Cli {
    record Result(int exitCode, String out, String err, byte[] binary) {
    }

    /** Answers for prompts, in order; null = no terminal. */
    static Result run(Deque<String> answers, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        Terminal saved = ClientCommand.terminal;
        var savedIn = ClientCommand.stdin;
        var savedOut = ClientCommand.binaryOut;
        ClientCommand.terminal = answers == null ? TestTerminals.none() : TestTerminals.scripted(answers);
        ClientCommand.stdin = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin);
        ClientCommand.binaryOut = new PrintStream(bin);
        try {
            int code = Main.commandLine(args)
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(args);
            return new Result(code, out.toString(), err.toString(), bin.toByteArray());
        } finally {
            ClientCommand.terminal = saved;
            ClientCommand.stdin = savedIn;
            ClientCommand.binaryOut = savedOut;
        }
    }

    static Result run(String... args) {
        return run(null, null, args);
    }

    static Deque<String> answers(String... a) {
        return new ArrayDeque<>(java.util.List.of(a));
    }
}
