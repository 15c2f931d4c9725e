package dev.conveyor.git.write;

/**
 * An edit of one file's text. A pure function with no I/O, so {@link GitWriter} can apply it again to whatever the
 * branch holds after a rejected push, and so an edit that is already in the file changes nothing (no commit).
 */
public interface FileEdit {

    /**
     * @param path    the file's path in the repository, for error messages
     * @param content the file's current text
     * @return the new text; equal to {@code content} when the file is already up to date
     * @throws EditException when the file does not have what the edit needs (terminal: retrying cannot help)
     */
    String apply(String path, String content) throws EditException;

    /** What the edit does, in a few words, for logs and commit messages. */
    String describe();
}
