package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.Renderer.RenderException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Keeps every path a renderer reads inside the checkout: the source directory, files reached through symbolic links,
 * Helm value files. A repository is user input; a path such as {@code ../../etc} or a link to {@code /var/run/secrets}
 * must fail the render, never leak a file of the syncer's host into a manifest.
 */
final class SourcePaths {

    private SourcePaths() {
    }

    /**
     * A source directory that exists, lies inside the checkout (after resolving symbolic links) and contains no
     * symbolic link pointing outside the checkout.
     *
     * @param root     the checkout, as a real path
     * @param dir      the source directory, as a real path inside {@code root}
     * @param path     the source path as the application declares it ("" for the repository root), for messages
     * @param revision the revision of the checkout, for messages
     */
    record CheckedSource(Path root, Path dir, String path, String revision) {

        /** The source path for messages: {@code "apps/web"}, or {@code "the repository root"}. */
        String display() {
            return path.isEmpty() ? "the repository root" : "'" + path + "'";
        }

        /** {@code file} relative to the checkout with '/' separators, as the user sees it in the repository. */
        String relative(Path file) {
            return SourcePaths.relative(root, file);
        }

        /** Replaces the checkout's absolute location in a tool's message by nothing, so paths read as repository paths. */
        String redact(String message) {
            if (message == null) {
                return "";
            }
            return message.replace(root + "/", "").replace(root.toString(), ".");
        }
    }

    /** Resolves and checks the application's source directory inside {@code checkout}. */
    static CheckedSource check(Application app, Path checkout, String revision) throws RenderException {
        Path root = root(checkout);
        String path = app.source().path();
        String shown = path.isEmpty() ? "the repository root" : "'" + path + "'";
        Path lexical = root.resolve(path).normalize();
        if (!lexical.startsWith(root)) {
            throw new RenderException("source path " + shown + " escapes the repository; use a path inside it");
        }
        if (!Files.exists(lexical)) {
            throw new RenderException("source path " + shown + " does not exist in the repository at revision "
                    + shortSha(revision) + nearestExisting(root, lexical));
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw new RenderException("source path " + shown + " cannot be read: " + e.getMessage(), e);
        }
        if (!real.startsWith(root)) {
            throw new RenderException("source path " + shown + " leads outside the repository through a symbolic link");
        }
        if (!Files.isDirectory(real)) {
            throw new RenderException("source path " + shown + " is a file; it must be a directory");
        }
        CheckedSource source = new CheckedSource(root, real, path, revision);
        rejectLinksOutside(source);
        return source;
    }

    /** The checkout as a real path. */
    static Path root(Path checkout) throws RenderException {
        try {
            return checkout.toRealPath();
        } catch (IOException e) {
            throw new RenderException("checkout " + checkout + " does not exist or cannot be read", e);
        }
    }

    /**
     * Resolves {@code relative} against {@code base} and checks that it names an existing regular file inside the
     * checkout.
     *
     * @param what what the file is, for messages (e.g. "Helm value file")
     */
    static Path fileInside(CheckedSource source, Path base, String relative, String what) throws RenderException {
        if (relative == null || relative.isBlank()) {
            throw new RenderException(what + " is empty");
        }
        if (relative.contains("://")) {
            throw new RenderException(what + " '" + relative + "' is a URL; only files in the repository are supported");
        }
        if (Path.of(relative).isAbsolute()) {
            throw new RenderException(what + " '" + relative + "' is absolute; give it relative to " + source.display());
        }
        Path lexical = base.resolve(relative).normalize();
        if (!lexical.startsWith(source.root())) {
            throw new RenderException(what + " '" + relative + "' escapes the repository");
        }
        if (!Files.exists(lexical)) {
            throw new RenderException(what + " '" + relative + "' does not exist (looked for "
                    + source.relative(lexical) + ")");
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (IOException e) {
            throw new RenderException(what + " '" + relative + "' cannot be read: " + e.getMessage(), e);
        }
        if (!real.startsWith(source.root())) {
            throw new RenderException(what + " '" + relative + "' leads outside the repository through a symbolic link");
        }
        if (!Files.isRegularFile(real)) {
            throw new RenderException(what + " '" + relative + "' is not a regular file");
        }
        return real;
    }

    /**
     * Fails when a symbolic link under the source directory points outside the checkout: Helm and Kustomize follow
     * links, so such a link would make them read the host's files. Dangling links are left to the tools.
     */
    static void rejectLinksOutside(CheckedSource source) throws RenderException {
        RenderException[] found = new RenderException[1];
        try {
            Files.walkFileTree(source.dir(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isSymbolicLink()) {
                        return FileVisitResult.CONTINUE;
                    }
                    Path target;
                    try {
                        target = file.toRealPath();
                    } catch (IOException dangling) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!target.startsWith(source.root())) {
                        found[0] = new RenderException(source.relative(file)
                                + " is a symbolic link to a path outside the repository; remove it or point it inside");
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new RenderException("cannot read source path " + source.display() + ": " + e.getMessage(), e);
        }
        if (found[0] != null) {
            throw found[0];
        }
    }

    /** {@code file} relative to {@code root}, '/'-separated. */
    static String relative(Path root, Path file) {
        Path rel = file.startsWith(root) ? root.relativize(file) : file;
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    static String shortSha(String revision) {
        if (revision == null) {
            return "(unknown)";
        }
        return revision.length() > 12 && revision.matches("[0-9a-f]+") ? revision.substring(0, 12) : revision;
    }

    /** A hint naming the deepest ancestor of a missing path that does exist: typos are usually one level deep. */
    private static String nearestExisting(Path root, Path missing) {
        Path p = missing.getParent();
        while (p != null && p.startsWith(root) && !Files.isDirectory(p)) {
            p = p.getParent();
        }
        if (p == null || !p.startsWith(root) || p.equals(missing)) {
            return "";
        }
        return " (" + (p.equals(root) ? "the repository root" : "'" + relative(root, p) + "'") + " exists)";
    }
}
