package io.pqrstuv.storage.store;

import io.pqrstuv.crypto.engine.JcaDeviceCrypto;
import io.pqrstuv.icp.alg.Algorithm;
import io.pqrstuv.serial.SerialPortLink;
import io.pqrstuv.storage.StorageModule;
import io.pqrstuv.storage.entropy.DrbgEntropySource;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process of {@link IcpCrashTest}: a storage module serving ICP on a pty (arguments: state
 * directory, tty, and the vault, {@code dev} by default), until the parent SIGKILLs it.
 */
public final class IcpCrashChild {
    private IcpCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        StorageModule module = StorageModule.start(new StorageModule.Config(Path.of(args[0]), args.length > 2 ? args[2] : "dev",
                new DrbgEntropySource(), new JcaDeviceCrypto(), Clock.systemUTC(), Algorithm.PROFILE),
                SerialPortLink.open(Path.of(args[1])));
        System.out.println("READY");
        System.out.flush();
        module.awaitTermination();
    }
}
