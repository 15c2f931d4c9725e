package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The test repository under src/test/resources/render/repo and small builders for applications. */
final class RenderFixtures {

    static final String REPO_URL = "https://github.com/example/deploy.git";
    static final String SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

    private RenderFixtures() {
    }

    /** The checkout: read from the source tree (module dir or Maven's test-classes copy). */
    static Path repo() {
        Path fromModule = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "render", "repo");
        if (Files.isDirectory(fromModule)) {
            return fromModule;
        }
        URL url = RenderFixtures.class.getClassLoader().getResource("render/repo");
        if (url == null) {
            throw new IllegalStateException("test repository render/repo not found; run from the syncer module directory");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Application app(String path) {
        return app("guestbook", path, null, null, Application.Helm.NONE, Application.Directory.DEFAULT);
    }

    static Application app(String name, String path, Application.SourceType type, String namespace,
                           Application.Helm helm, Application.Directory directory) {
        return new Application(name, Map.of(),
                new Application.Source(REPO_URL, "main", path, type, helm, directory),
                new Application.Destination(null, namespace),
                null, null, null, "apps/" + name + ".yaml");
    }

    static Application helmApp(String name, String namespace, Application.Helm helm) {
        return app(name, "helm/web", null, namespace, helm, null);
    }

    /** "Kind/name" of each object, in order. */
    static List<String> kindsAndNames(List<GenericKubernetesResource> objects) {
        return objects.stream()
                .map(o -> o.getKind() + "/" + (o.getMetadata() == null ? null : o.getMetadata().getName()))
                .toList();
    }

    static GenericKubernetesResource find(List<GenericKubernetesResource> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered; got " + kindsAndNames(objects)));
    }

    /** The first container of a workload's pod template. */
    static Map<String, Object> firstContainer(GenericKubernetesResource workload) {
        List<Map<String, Object>> containers = workload.get("spec", "template", "spec", "containers");
        return containers.get(0);
    }

    /** Copies a directory of the test repository into {@code target} (for tests that add links or files). */
    static void copyTree(Path from, Path target) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path to = target.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
