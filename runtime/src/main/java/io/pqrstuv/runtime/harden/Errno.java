package io.pqrstuv.runtime.harden;

/** The errno values the hardening calls can return, by name (asm-generic/errno-base.h). */
final class Errno {
    static final int EPERM = 1;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EINVAL = 22;

    private Errno() {
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (operation not permitted)";
            case EAGAIN -> "EAGAIN (resource temporarily unavailable)";
            case ENOMEM -> "ENOMEM (cannot allocate memory / over RLIMIT_MEMLOCK)";
            case EINVAL -> "EINVAL (invalid argument)";
            default -> "errno " + errno;
        };
    }
}
