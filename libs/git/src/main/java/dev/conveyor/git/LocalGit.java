package dev.conveyor.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;

/**
 * What the clone cache and the write-back share about local Git state: directory names for repositories, how a
 * remote failure is classified, deleting a clone.
 */
public final class LocalGit {

    private LocalGit() {
    }

    /** A readable, collision-free directory name for a canonical URL. */
    public static String key(String canonical) {
        String readable = canonical.replaceFirst("^[a-z]+:/*", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        if (readable.length() > 60) {
            readable = readable.substring(readable.length() - 60);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return readable.replaceAll("^[._]+", "") + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What kind of failure a JGit exception (or its causes) is. */
    public static GitException.Reason classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedIOException) {
                return GitException.Reason.TIMEOUT;
            }
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("timed out") || msg.contains("timeout")) {
                return GitException.Reason.TIMEOUT;
            }
            if (msg.contains("not authorized") || msg.contains("authentication") || msg.contains("auth fail")
                    || msg.contains("forbidden")) {
                return GitException.Reason.AUTHENTICATION;
            }
            if (c instanceof NoRemoteRepositoryException) {
                return GitException.Reason.REMOTE;
            }
            if (c instanceof NotSupportedException || c instanceof java.net.URISyntaxException) {
                return GitException.Reason.INVALID_ARGUMENT;
            }
        }
        return GitException.Reason.REMOTE;
    }

    /** Deletes a directory tree (a clone); a missing one is fine. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
