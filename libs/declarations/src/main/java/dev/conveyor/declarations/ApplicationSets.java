package dev.conveyor.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Expands {@code ApplicationSet} documents into {@code Application} manifests.
 *
 * <pre>
 * spec:
 *   generators:
 *     - list: {elements: [{name: pay, env: dev}]}            # parameters: the element's fields
 *     - git:                                                 # parameters: path, path.basename, path.basenameNormalized
 *         repoURL: https://git.example.com/acme/deploy.git
 *         revision: main                                     # default HEAD
 *         directories: [{path: "apps/*"}, {path: apps/legacy, exclude: true}]
 *   template: {metadata: {name: "{{name}}"}, spec: {...}}    # an Application without apiVersion/kind
 * </pre>
 * Directory patterns are globs on {@code /}-separated paths relative to the repository root: {@code *} stays within
 * one directory, {@code **} crosses them; hidden directories are never listed. Any error (an unknown placeholder, a
 * repository that cannot be read, a malformed generator) rejects the whole ApplicationSet, never a part of it.
 */
final class ApplicationSets {

    static final String KIND = "ApplicationSet";

    /** One generated Application and the parameters it came from, for messages. */
    record Generated(Manifest manifest, String origin) {
    }

    private ApplicationSets() {
    }

    static List<Generated> expand(Manifest appSet, RepositoryCache cache) throws DeclarationException {
        ObjectNode body = appSet.body();
        Fields.allowOnly(body, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        ObjectNode spec = Fields.requireObject(body, "", "spec");
        Fields.allowOnly(spec, "spec", Set.of("generators", "template"));
        ObjectNode template = Fields.requireObject(spec, "spec", "template");
        Fields.allowOnly(template, "spec.template", Set.of("metadata", "spec"));
        ObjectNode metadata = Fields.requireObject(template, "spec.template", "metadata");
        ObjectNode appSpec = Fields.requireObject(template, "spec.template", "spec");
        List<JsonNode> generators = Fields.list(spec, "spec", "generators");
        if (generators.isEmpty()) {
            throw new DeclarationException("spec.generators", "at least one generator is required");
        }

        record Params(Map<String, String> values, String origin) {
        }
        List<Params> params = new ArrayList<>();
        for (int i = 0; i < generators.size(); i++) {
            String path = Fields.index("spec.generators", i);
            JsonNode g = generators.get(i);
            if (!g.isObject()) {
                throw new DeclarationException(path, "must be an object");
            }
            Fields.allowOnly(g, path, Set.of("list", "git"));
            if (g.size() != 1) {
                throw new DeclarationException(path, "must have exactly one of: list, git");
            }
            ObjectNode list = Fields.object(g, path, "list");
            if (list != null) {
                String listPath = Fields.path(path, "list");
                Fields.allowOnly(list, listPath, Set.of("elements"));
                List<JsonNode> elements = Fields.list(list, listPath, "elements");
                for (int j = 0; j < elements.size(); j++) {
                    String elementPath = Fields.index(Fields.path(listPath, "elements"), j);
                    if (!elements.get(j).isObject()) {
                        throw new DeclarationException(elementPath, "must be an object");
                    }
                    Map<String, String> values = new LinkedHashMap<>();
                    Placeholders.flatten(elements.get(j), "", values, elementPath);
                    params.add(new Params(values, "list element " + j));
                }
            } else {
                ObjectNode git = Fields.requireObject(g, path, "git");
                for (String dir : gitDirectories(git, Fields.path(path, "git"), cache)) {
                    String base = dir.substring(dir.lastIndexOf('/') + 1);
                    Map<String, String> values = new LinkedHashMap<>();
                    values.put("path", dir);
                    values.put("path.basename", base);
                    values.put("path.basenameNormalized", normalise(base));
                    params.add(new Params(values, "directory " + dir));
                }
            }
        }

        List<Generated> out = new ArrayList<>();
        for (Params p : params) {
            ObjectNode app = JsonNodeFactory.instance.objectNode();
            app.put("apiVersion", DeclarationLoader.API_VERSION);
            app.put("kind", "Application");
            app.set("metadata", Placeholders.render(metadata, p.values(), "spec.template.metadata"));
            app.set("spec", Placeholders.render(appSpec, p.values(), "spec.template.spec"));
            Manifest generated;
            try {
                generated = Manifest.of(app, appSet.file(), appSet.document());
            } catch (DeclarationException e) {
                throw new DeclarationException("spec.template." + e.field(), e.reason() + " (" + p.origin() + ")");
            }
            out.add(new Generated(generated, p.origin()));
        }
        return out;
    }

    private static List<String> gitDirectories(ObjectNode git, String path, RepositoryCache cache)
            throws DeclarationException {
        Fields.allowOnly(git, path, Set.of("repoURL", "revision", "directories"));
        String repoURL = Fields.requireText(git, path, "repoURL");
        String revision = Fields.text(git, path, "revision");
        List<JsonNode> entries = Fields.list(git, path, "directories");
        List<PathMatcher> include = new ArrayList<>();
        List<PathMatcher> exclude = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entryPath = Fields.index(Fields.path(path, "directories"), i);
            JsonNode e = entries.get(i);
            if (!e.isObject()) {
                throw new DeclarationException(entryPath, "must be an object");
            }
            Fields.allowOnly(e, entryPath, Set.of("path", "exclude"));
            String pattern = Fields.relativePath(Fields.requireText(e, entryPath, "path"),
                    Fields.path(entryPath, "path"));
            PathMatcher matcher;
            try {
                matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (IllegalArgumentException ex) {
                throw new DeclarationException(Fields.path(entryPath, "path"), "not a valid glob: " + ex.getMessage());
            }
            (Fields.bool(e, entryPath, "exclude", false) ? exclude : include).add(matcher);
        }
        if (include.isEmpty()) {
            throw new DeclarationException(Fields.path(path, "directories"),
                    "at least one directory pattern without exclude is required");
        }
        if (cache == null) {
            throw new DeclarationException(path, "a git generator needs a repository cache (load from Git)");
        }
        Path tree;
        try {
            // A branch or tag moves: read the repository as it is now, not as the cache last saw it (the control
            // repository may declare directories that were pushed to the source repository a moment ago).
            if (revision == null || !dev.conveyor.git.Revisions.isFullSha(revision)) {
                cache.fetch(repoURL);
            }
            tree = cache.checkout(repoURL, cache.resolve(repoURL, revision));
        } catch (GitException e) {
            throw new DeclarationException(path, "cannot read " + repoURL + " at "
                    + (revision == null ? "HEAD" : revision) + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (String dir : directories(tree, path)) {
            Path p = Path.of(dir);
            if (include.stream().anyMatch(m -> m.matches(p)) && exclude.stream().noneMatch(m -> m.matches(p))) {
                out.add(dir);
            }
        }
        return out;
    }

    /** Every non-hidden directory below {@code tree}, relative and {@code /}-separated, sorted. */
    private static Set<String> directories(Path tree, String path) throws DeclarationException {
        TreeSet<String> out = new TreeSet<>();
        try {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(tree)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    out.add(tree.relativize(dir).toString().replace('\\', '/'));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new DeclarationException(path, "cannot list directories: " + e.getMessage());
        }
        return out;
    }

    /** A basename usable in a DNS-1123 name: lower case, runs of other characters as '-'. */
    static String normalise(String basename) {
        String s = basename.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
    }
}
