package io.pqrstuv.qrng.emulator;

/**
 * What the emulator can tell a test about itself.
 *
 * @param generatedBytes             the device's {@code generated_bytes} (since the last RESET or REBOOT)
 * @param repetitionCountFailures    the device's counter (since the last RESET or REBOOT)
 * @param adaptiveProportionFailures the device's counter (since the last RESET or REBOOT)
 * @param bitcountFailures           the device's counter (since the last RESET or REBOOT)
 * @param generatedBytesTotal        random bytes generated since the emulator started
 * @param droppedBytes               bytes the host did not take in time and the "UART" lost
 * @param commands                   complete commands received, known or not
 * @param nacks                      NACKs sent
 * @param partialCommandsDropped     partial commands dropped after the inter-byte timeout
 * @param signedReads                SIGNED_READ commands served
 */
public record EmulatorStatistics(long generatedBytes, long repetitionCountFailures, long adaptiveProportionFailures,
                                 long bitcountFailures, long generatedBytesTotal, long droppedBytes, long commands,
                                 long nacks, long partialCommandsDropped, long signedReads) {
}
