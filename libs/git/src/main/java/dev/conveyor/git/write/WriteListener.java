package dev.conveyor.git.write;

/**
 * Told what a {@link GitWriter} does, so callers can count attempts and conflicts without the library depending on a
 * metrics API. Called on the writing thread; exceptions are logged and ignored. Every method does nothing by default.
 */
public interface WriteListener {

    WriteListener NONE = new WriteListener() {
    };

    /** A fetch-edit-push round begins ({@code attempt} starts at 1). */
    default void attemptStarted(String repository, String branch, int attempt) {
    }

    /**
     * A commit is about to be pushed over {@code expectedSha}, the head the edits were made on. Called synchronously
     * before the push, which is also where tests land a competing commit to make a collision deterministic.
     */
    default void pushing(String repository, String branch, int attempt, String expectedSha, String newSha) {
    }

    /** The push was rejected because the branch moved; the write will be retried unless attempts are used up. */
    default void conflicted(String repository, String branch, int attempt, String detail) {
    }

    /** The write finished with this result. */
    default void finished(String repository, String branch, WriteResult result) {
    }

    /** The write failed: an {@link EditException}, or a {@code GitException} (including giving up after conflicts). */
    default void failed(String repository, String branch, Exception error) {
    }
}
