package io.pqrstuv.qrng.emulator.device;

import io.pqrstuv.qrng.emulator.wire.Checksum8;
import io.pqrstuv.qrng.emulator.wire.Codes;
import io.pqrstuv.qrng.emulator.wire.UpdateStatus;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The firmware-update state machine (notes §1.11 [C] and [P]): UPDATE_INIT announces the size, chunks
 * of 1..1024 bytes follow, each with its checksum; a rejected chunk is not counted (the host retries
 * it); the last byte completes the transfer, which then passes or fails verification.
 */
final class FirmwareUpdate {
    /** The emulated flash area: images larger than this get ERR_MEMORY. */
    static final long DEFAULT_MAX_IMAGE = 1024 * 1024;

    /** Result of a chunk or init: the reply, and the image when a transfer just completed and verified. */
    record Step(byte[] reply, Optional<byte[]> completedImage) {
    }

    private final long maxImage;
    private ByteArrayOutputStream image;
    private long remaining;

    FirmwareUpdate(long maxImage) {
        this.maxImage = maxImage;
    }

    Step init(long size) {
        image = null;
        remaining = 0;
        if (size == 0) {
            return reply(UpdateStatus.ERR_INVALID, 0);
        }
        if (size > maxImage) {
            return reply(UpdateStatus.ERR_MEMORY, 0);
        }
        image = new ByteArrayOutputStream((int) size);
        remaining = size;
        return reply(UpdateStatus.READY, remaining);
    }

    /** {@code payload}: u16 len, 1024 data bytes (padding after len ignored), u8 checksum at offset 1026. */
    Step chunk(byte[] payload, BooleanSupplier failVerification) {
        if (image == null) {
            return reply(UpdateStatus.ERR_NOT_INITIALIZED, 0);
        }
        int len = (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8;
        if (len == 0 || len > Codes.MAX_CHUNK || len > remaining) {
            return reply(UpdateStatus.ERR_INVALID, remaining);
        }
        int checksum = payload[2 + Codes.MAX_CHUNK] & 0xFF;
        if (Checksum8.of(payload, 2, len) != checksum) {
            return reply(UpdateStatus.ERR_INVALID, remaining);
        }
        image.write(payload, 2, len);
        remaining -= len;
        if (remaining > 0) {
            return reply(UpdateStatus.TRANSFER_IN_PROGRESS, remaining);
        }
        byte[] done = image.toByteArray();
        image = null;
        if (failVerification.getAsBoolean()) {
            return reply(UpdateStatus.ERR_VERIFICATION, 0);
        }
        return new Step(UpdateStatus.TRANSFER_COMPLETED.reply(0), Optional.of(done));
    }

    /** A reboot abandons a transfer in progress. */
    void abandon() {
        image = null;
        remaining = 0;
    }

    private static Step reply(UpdateStatus s, long remaining) {
        return new Step(s.reply(remaining), Optional.empty());
    }
}
