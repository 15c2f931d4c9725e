package dev.conveyor.git.write;

/**
 * An edit cannot be made: the file is missing, is not valid YAML, or lacks what the edit looks for. Terminal: the same
 * request would fail again, so callers dead-letter it instead of retrying. The message names the file.
 */
public final class EditException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;

    public EditException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public EditException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file the edit was for. */
    public String path() {
        return path;
    }
}
