package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.SourcePaths.CheckedSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A plain directory of manifests: every {@code *.yaml}, {@code *.yml} and {@code *.json} file under the source path,
 * recursively unless {@code directory.recurse} is false, in path order (name by name, as a directory walk visits them),
 * skipping hidden files and directories. Other files (README.md, scripts) are ignored. A symbolic link to a file
 * inside the repository is read; a link to a directory is not followed (as {@code kubectl apply -R} does).
 */
public final class DirectoryRenderer implements Renderer {

    private static final Comparator<Path> PATH_ORDER = DirectoryRenderer::compareByName;

    @Override
    public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
        return render(SourcePaths.check(app, checkout, revision), app);
    }

    List<GenericKubernetesResource> render(CheckedSource source, Application app) throws RenderException {
        List<Path> files = manifestFiles(source, app.source().directory().recurse());
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (Path file : files) {
            String name = source.relative(file);
            String text = read(file, name);
            out.addAll(name.toLowerCase(Locale.ROOT).endsWith(".json")
                    ? ManifestParser.parseJson(text, name)
                    : ManifestParser.parseYaml(text, name));
        }
        return List.copyOf(out);
    }

    private static List<Path> manifestFiles(CheckedSource source, boolean recurse) throws RenderException {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(source.dir(), EnumSet.noneOf(FileVisitOption.class), recurse ? Integer.MAX_VALUE : 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return !dir.equals(source.dir()) && isHidden(dir)
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (isHidden(file) || !isManifestName(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            // Links were checked to stay inside the repository; a link to a directory is not a file.
                            if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new RenderException("cannot list source path " + source.display() + ": " + e.getMessage(), e);
        }
        files.sort(PATH_ORDER);
        return files;
    }

    private static String read(Path file, String name) throws RenderException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new RenderException(name + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new RenderException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    private static boolean isManifestName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    /** Compares name by name, so {@code a/x.yaml} sorts before {@code a-b.yaml} as in a walk of sorted directories. */
    private static int compareByName(Path a, Path b) {
        Iterator<Path> ia = a.iterator();
        Iterator<Path> ib = b.iterator();
        while (ia.hasNext() && ib.hasNext()) {
            int c = ia.next().toString().compareTo(ib.next().toString());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }
}
