package io.pqrstuv.cryptnox.card;

/** One entry of the signature history: the signature counter at that signature and the hash signed. */
public record HistoryEntry(int index, long signingCounter, byte[] hash) {
    public HistoryEntry {
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Unused slots hold counter 0. */
    public boolean empty() {
        return signingCounter == 0;
    }
}
