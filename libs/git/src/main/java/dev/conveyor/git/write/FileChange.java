package dev.conveyor.git.write;

import java.util.Objects;

/**
 * One file of a write and the edit to make to it.
 *
 * @param path the file's path in the repository, {@code /}-separated, relative to the root ({@code apps/x/values.yaml})
 * @param edit the edit; applied to the file as it is on the branch at each attempt
 */
public record FileChange(String path, FileEdit edit) {

    public FileChange {
        Objects.requireNonNull(edit, "edit");
        path = normalise(path);
    }

    /**
     * Strips a leading {@code ./} or {@code /}; rejects empty paths, backslashes, and {@code .}, {@code ..} or
     * {@code .git} segments.
     */
    static String normalise(String path) {
        if (path == null) {
            throw new IllegalArgumentException("file path is null");
        }
        String p = path.trim();
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.startsWith("/") ? 1 : 2);
        }
        if (p.isEmpty() || p.endsWith("/") || p.contains("\\") || p.contains("//")) {
            throw new IllegalArgumentException("not a file path in a repository: '" + path + "'");
        }
        for (String segment : p.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.equals(".git")) {
                throw new IllegalArgumentException("not a file path in a repository: '" + path + "'");
            }
        }
        return p;
    }
}
