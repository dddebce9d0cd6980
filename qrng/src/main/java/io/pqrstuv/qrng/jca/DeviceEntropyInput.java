package io.pqrstuv.qrng.jca;

import io.pqrstuv.qrng.QccDevice;
import java.io.IOException;
import java.util.Objects;

/**
 * Entropy from one-shot reads, each refused (and its bytes wiped) unless the status the device
 * sent with it is healthy.
 */
public final class DeviceEntropyInput implements EntropyInput {
    private final QccDevice device;

    public DeviceEntropyInput(QccDevice device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public void read(byte[] out) throws IOException {
        device.readRandom(out, 0, out.length, QccDevice.StatusCheck.HEALTHY);
    }

    @Override
    public String describe() {
        return "one-shot reads from " + device.describe();
    }
}
