package dev.conveyor.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.logging.Logger;

/**
 * Loads {@code conveyor.dev/v1alpha1} declarations from a directory of a control repository, the same way for every
 * service: each service registers the {@link KindParser}s of the kinds it owns.
 *
 * <ul>
 *   <li>Reads every {@code *.yaml}, {@code *.yml} and {@code *.json} file below the directory (hidden files and
 *       directories skipped), in path order; YAML files may hold several documents.</li>
 *   <li>Keeps documents whose apiVersion is {@value #API_VERSION}; documents of other groups (Kubernetes objects,
 *       Kustomizations) are ignored. Another version of the {@code conveyor.dev} group is reported, not ignored.</li>
 *   <li>Dispatches by kind. Kinds in {@link #KINDS} that no registered parser handles belong to another service and
 *       are skipped; any other kind is reported as unknown.</li>
 *   <li>{@code ApplicationSet}s are expanded into Applications (see {@link ApplicationSets}) when an
 *       {@code Application} parser is registered, and the results parsed like hand-written ones.</li>
 *   <li>Syntax errors, a missing kind or metadata.name, a name declared twice within a kind (the second one loses,
 *       and is told where the first is) and parser errors become {@link InvalidDeclaration}s; one bad document or file
 *       never hides the others.</li>
 * </ul>
 * Results are deterministic for a given tree: same order, same winners.
 */
public final class DeclarationLoader {

    public static final String API_VERSION = "conveyor.dev/v1alpha1";
    public static final String GROUP = "conveyor.dev";

    /**
     * Every kind some Conveyor service owns. A document of one of these kinds is skipped by services that do not
     * register a parser for it; any other kind is an error. Add a kind here when a service starts to own it.
     */
    public static final Set<String> KINDS = Set.of("Application", ApplicationSets.KIND, "ImagePolicy", "Pipeline",
            "Subscription");

    /** Larger files are reported instead of read. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(DeclarationLoader.class);
    private static final String APPLICATION = "Application";

    private DeclarationLoader() {
    }

    /**
     * Loads the declarations under {@code path} in {@code repoURL} at {@code revision}: resolves the revision and
     * checks out the commit through the cache (fetching only when the mirror is missing or the revision unknown, so
     * call {@link RepositoryCache#fetch} first to see a branch's newest commit). Git generators of ApplicationSets
     * read their repositories through the same cache.
     *
     * @param revision branch, tag or sha; null or blank means {@code HEAD}
     * @param path     directory inside the repository; null, "" or "." for the root
     * @return never null; {@link LoadResult#complete()} is false when the repository or path could not be read
     */
    public static LoadResult load(RepositoryCache cache, String repoURL, String revision, String path,
                                  List<KindParser<?>> parsers) {
        Map<String, KindParser<?>> registry = registry(parsers);
        String rev = revision == null || revision.isBlank() ? "HEAD" : revision;
        String dir;
        try {
            dir = path == null || path.isBlank() || path.equals(".") ? "" : Fields.relativePath(path.strip(), "path");
        } catch (DeclarationException e) {
            return incomplete(repoURL, rev, path, null, "path '" + path + "' " + e.reason(), registry);
        }
        String sha;
        Path tree;
        try {
            sha = cache.resolve(repoURL, rev);
        } catch (GitException e) {
            return incomplete(repoURL, rev, dir, null, e.getMessage(), registry);
        }
        try {
            tree = cache.checkout(repoURL, sha);
        } catch (GitException e) {
            return incomplete(repoURL, rev, dir, sha, e.getMessage(), registry);
        }
        Path root = dir.isEmpty() ? tree : tree.resolve(dir);
        if (!Files.isDirectory(root)) {
            return incomplete(repoURL, rev, dir, sha, "path '" + dir + "' is not a directory at " + sha, registry);
        }
        Loading loading = new Loading(registry, cache);
        String problem = loading.readTree(root, dir.isEmpty() ? "" : dir + "/");
        return loading.result(repoURL, rev, dir, sha, problem);
    }

    /** Loads the declarations in a local directory; ApplicationSets with git generators are reported as invalid. */
    public static LoadResult loadDirectory(Path dir, List<KindParser<?>> parsers) {
        return loadDirectory(dir, parsers, null);
    }

    /**
     * Loads the declarations in a local directory; files are named relative to it.
     *
     * @param cache for ApplicationSet git generators; may be null
     */
    public static LoadResult loadDirectory(Path dir, List<KindParser<?>> parsers, RepositoryCache cache) {
        Map<String, KindParser<?>> registry = registry(parsers);
        if (!Files.isDirectory(dir)) {
            return incomplete(null, null, dir.toString(), null, dir + " is not a directory", registry);
        }
        Loading loading = new Loading(registry, cache);
        String problem = loading.readTree(dir, "");
        return loading.result(null, null, "", null, problem);
    }

    private static Map<String, KindParser<?>> registry(List<KindParser<?>> parsers) {
        Map<String, KindParser<?>> registry = new LinkedHashMap<>();
        for (KindParser<?> p : parsers) {
            if (p.kind().equals(ApplicationSets.KIND)) {
                throw new IllegalArgumentException("ApplicationSet is expanded by the loader; register Application");
            }
            if (registry.putIfAbsent(p.kind(), p) != null) {
                throw new IllegalArgumentException("two parsers for kind " + p.kind());
            }
        }
        return registry;
    }

    private static LoadResult incomplete(String repoURL, String revision, String path, String sha, String problem,
                                         Map<String, KindParser<?>> registry) {
        LOG.debugf("incomplete load of %s@%s/%s: %s", repoURL, revision, path, problem);
        Map<String, Declarations<?>> byKind = new HashMap<>();
        registry.keySet().forEach(k -> byKind.put(k, Declarations.empty()));
        return new LoadResult(repoURL, revision, path, sha, false, problem, byKind, List.of());
    }

    /** The state of one load. */
    private static final class Loading {
        private final Map<String, KindParser<?>> registry;
        private final RepositoryCache cache;
        private final Map<String, List<Object>> valid = new HashMap<>();
        private final List<InvalidDeclaration> invalid = new ArrayList<>();
        /** kind → name → where it was first declared. */
        private final Map<String, Map<String, String>> seen = new HashMap<>();

        Loading(Map<String, KindParser<?>> registry, RepositoryCache cache) {
            this.registry = registry;
            this.cache = cache;
            registry.keySet().forEach(k -> valid.put(k, new ArrayList<>()));
        }

        /** @return a problem that makes the load incomplete, or null */
        String readTree(Path root, String prefix) {
            List<Path> files;
            try {
                files = declarationFiles(root);
            } catch (IOException e) {
                return "cannot list " + prefix + ": " + e.getMessage();
            }
            for (Path file : files) {
                String name = prefix + root.relativize(file).toString().replace('\\', '/');
                readFile(file, name);
            }
            return null;
        }

        private void readFile(Path file, String name) {
            String text;
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    invalid.add(new InvalidDeclaration(name, 0, null, null, null,
                            "file too large (" + size + " bytes, at most " + MAX_FILE_BYTES + ")"));
                    return;
                }
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                invalid.add(new InvalidDeclaration(name, 0, null, null, null, "not UTF-8 text"));
                return;
            } catch (IOException e) {
                invalid.add(new InvalidDeclaration(name, 0, null, null, null, "cannot read: " + e.getMessage()));
                return;
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            for (Documents.Document doc : Documents.parse(name, text)) {
                if (doc.error() != null) {
                    invalid.add(new InvalidDeclaration(name, doc.index(), null, null, null, doc.error()));
                } else if (doc.node() != null && doc.node().isObject()) {
                    readDocument((ObjectNode) doc.node(), name, doc.index());
                }
            }
        }

        private void readDocument(ObjectNode node, String file, int index) {
            JsonNode apiVersionNode = node.get("apiVersion");
            String apiVersion = apiVersionNode != null && apiVersionNode.isTextual()
                    ? apiVersionNode.textValue() : null;
            if (apiVersion == null || !apiVersion.startsWith(GROUP + "/")) {
                return;
            }
            String kind = node.path("kind").isTextual() ? node.get("kind").textValue() : null;
            String name = node.path("metadata").path("name").isTextual()
                    ? node.get("metadata").get("name").textValue() : null;
            if (!apiVersion.equals(API_VERSION)) {
                invalid.add(new InvalidDeclaration(file, index, kind, name, "apiVersion",
                        "unsupported version " + apiVersion + " (supported: " + API_VERSION + ")"));
                return;
            }
            if (kind == null || kind.isBlank()) {
                invalid.add(new InvalidDeclaration(file, index, null, name, "kind", "is required"));
                return;
            }
            boolean expandSets = kind.equals(ApplicationSets.KIND) && registry.containsKey(APPLICATION);
            if (!registry.containsKey(kind) && !expandSets) {
                if (!KINDS.contains(kind)) {
                    TreeSet<String> known = new TreeSet<>(KINDS);
                    known.addAll(registry.keySet());
                    invalid.add(new InvalidDeclaration(file, index, kind, name, "kind",
                            "unknown kind '" + kind + "' (known: " + String.join(", ", known) + ")"));
                }
                return;
            }
            Manifest manifest;
            try {
                manifest = Manifest.of(node, file, index);
            } catch (DeclarationException e) {
                invalid.add(new InvalidDeclaration(file, index, kind, name, e.field(), e.reason()));
                return;
            }
            if (!claimName(manifest, "")) {
                return;
            }
            if (expandSets) {
                expand(manifest);
            } else {
                parse(manifest, "");
            }
        }

        private void expand(Manifest appSet) {
            List<ApplicationSets.Generated> generated;
            try {
                generated = ApplicationSets.expand(appSet, cache);
            } catch (DeclarationException e) {
                invalid.add(new InvalidDeclaration(appSet.file(), appSet.document(), appSet.kind(), appSet.name(),
                        e.field(), e.reason()));
                return;
            }
            for (ApplicationSets.Generated g : generated) {
                String suffix = " (generated by ApplicationSet '" + appSet.name() + "' for " + g.origin() + ")";
                if (claimName(g.manifest(), suffix)) {
                    parse(g.manifest(), suffix);
                }
            }
        }

        /** Records the first declaration of a name within its kind; reports later ones. */
        private boolean claimName(Manifest m, String suffix) {
            String where = m.file() + "[" + m.document() + "]";
            String first = seen.computeIfAbsent(m.kind(), k -> new HashMap<>()).putIfAbsent(m.name(), where);
            if (first == null) {
                return true;
            }
            invalid.add(new InvalidDeclaration(m.file(), m.document(), m.kind(), m.name(), "metadata.name",
                    "duplicate name: already declared in " + first + suffix));
            return false;
        }

        private void parse(Manifest m, String suffix) {
            KindParser<?> parser = registry.get(m.kind());
            try {
                valid.get(m.kind()).add(parser.parse(m));
            } catch (DeclarationException e) {
                invalid.add(new InvalidDeclaration(m.file(), m.document(), m.kind(), m.name(), e.field(),
                        e.reason() + suffix));
            } catch (RuntimeException e) {
                // A parser bug must not take the other declarations down with it.
                LOG.warnf(e, "parser for %s failed on %s", m.kind(), m.where());
                invalid.add(new InvalidDeclaration(m.file(), m.document(), m.kind(), m.name(), null,
                        "could not be parsed: " + e + suffix));
            }
        }

        LoadResult result(String repoURL, String revision, String path, String sha, String problem) {
            Map<String, Declarations<?>> byKind = new HashMap<>();
            for (String kind : registry.keySet()) {
                List<InvalidDeclaration> ofKind = invalid.stream()
                        .filter(i -> kind.equals(i.kind())
                                || (kind.equals(APPLICATION) && ApplicationSets.KIND.equals(i.kind())))
                        .toList();
                byKind.put(kind, new Declarations<>(valid.get(kind), ofKind));
            }
            return new LoadResult(repoURL, revision, path, sha, problem == null, problem, byKind, invalid);
        }
    }

    /** Declaration files below {@code root}, hidden ones skipped, sorted by relative path. */
    static List<Path> declarationFiles(Path root) throws IOException {
        TreeSet<String> relative = new TreeSet<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!hidden(file) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                        && Files.isRegularFile(file)) {
                    relative.add(root.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }
        });
        return relative.stream().map(root::resolve).toList();
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
