package io.pqrstuv.storage.command;

import io.pqrstuv.icp.ResponseCode;
import java.util.Objects;

/** What one command produced: SUCCESS with its data, or an error code with no data. */
public sealed interface Outcome {

    ResponseCode code();

    /** Response data; empty for every error (spec "Payload"). */
    byte[] data();

    static Outcome success(byte[] data) {
        return new Success(data);
    }

    static Outcome success() {
        return new Success(new byte[0]);
    }

    static Outcome failure(ResponseCode code) {
        return new Failure(code);
    }

    record Success(byte[] data) implements Outcome {
        public Success {
            Objects.requireNonNull(data);
        }

        @Override
        public ResponseCode code() {
            return ResponseCode.SUCCESS;
        }

        @Override
        public String toString() {
            return "Success[" + data.length + " bytes]";
        }
    }

    record Failure(ResponseCode code) implements Outcome {
        private static final byte[] NONE = new byte[0];

        public Failure {
            if (code == ResponseCode.SUCCESS) {
                throw new IllegalArgumentException("a failure needs an error code");
            }
        }

        @Override
        public byte[] data() {
            return NONE;
        }
    }
}
