package io.pqrstuv.cryptnox.emulator.testing;

import io.pqrstuv.cryptnox.emulator.CardEmulator;
import io.pqrstuv.cryptnox.emulator.transport.RemoteServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child-process emulator for kill tests: {@code EmulatorProcess STATE_FILE} serves the card in
 * remote mode on a free loopback port, prints {@code PORT <n>} and runs until killed.
 */
public final class EmulatorProcess {
    private EmulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        CardEmulator card = CardEmulator.open(Path.of(args[0]));
        RemoteServer server = card.listenRemote(0);
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts the child with this JVM's test class path; returns it with the port it listens on. */
    public static Child start(Path stateFile) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", cp, EmulatorProcess.class.getName(),
                stateFile.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        String line = in.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IllegalStateException("child emulator did not start: " + line);
        }
        return new Child(p, Integer.parseInt(line.substring(5).trim()));
    }

    public record Child(Process process, int port) {
        /** SIGKILL: no shutdown hook, no finally block runs. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
