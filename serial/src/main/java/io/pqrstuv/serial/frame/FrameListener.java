package io.pqrstuv.serial.frame;

import io.pqrstuv.icp.frame.ReceiverEvent;

/** Receives what a {@link FrameChannel} reads. Called on the channel's reader thread. */
public interface FrameListener {

    /**
     * A frame, or a framing error to answer. May call {@link FrameChannel#send}. An exception
     * thrown here closes the channel and is reported to {@link #onClosed}.
     */
    void onEvent(FrameChannel channel, ReceiverEvent event);

    /**
     * The reader has stopped and the link is closed.
     *
     * @param cause null after {@link FrameChannel#close()}; an {@link java.io.EOFException} when the
     *     peer hung up; otherwise the link failure or the listener's exception
     */
    default void onClosed(FrameChannel channel, Throwable cause) {
    }
}
