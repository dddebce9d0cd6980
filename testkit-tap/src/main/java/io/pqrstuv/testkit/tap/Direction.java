package io.pqrstuv.testkit.tap;

/** Which way bytes travel through the tap. */
public enum Direction {
    /** Operation module → storage module: request frames. */
    TO_STORAGE,
    /** Storage module → operation module: response frames. */
    TO_OPERATION;

    public Direction reverse() {
        return this == TO_STORAGE ? TO_OPERATION : TO_STORAGE;
    }
}
