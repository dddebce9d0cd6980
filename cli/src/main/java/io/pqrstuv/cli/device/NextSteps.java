package io.pqrstuv.cli.device;

import java.io.PrintStream;

/** What to do once the device is up: the client commands, pointed at this device. */
public final class NextSteps {
    private NextSteps() {
    }

    public static void print(PrintStream out, String url, String certificatePath, boolean defaultListen) {
        out.println();
        out.println("Next, in another terminal:");
        out.println("  ./pqrstuv info               # what the device offers");
        out.println("  ./pqrstuv keygen ML-DSA-65   # a post-quantum signing key; prints its id");
        out.println("  ./pqrstuv --help             # every command");
        if (!defaultListen) {
            out.println("(This device is at " + url + ": give the clients --url " + url + " --cacert " + certificatePath + ".)");
        }
        out.println("The factory secret is empty (D-8): set your own before real use.");
        out.println("Stop the device with Ctrl-C.");
    }
}
