package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.app.Application.SourceType;
import dev.conveyor.syncer.render.SourcePaths.CheckedSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The syncer's renderer: checks the source path, then hands it to the renderer for its type — the declared
 * {@code source.type}, or, when none is declared, the detected one ({@link #detect(Path)}). Returns the objects as
 * declared: nothing stripped, defaulted or namespaced.
 *
 * <p>The source path must exist in the checkout and stay inside it: {@code ..} that climbs out, a symbolic link on the
 * way that leads out, or any symbolic link under the source directory that points outside the repository fails the
 * render before any tool runs.
 */
public final class SourceRenderer implements Renderer {

    /** File names that make a directory a Kustomization, as Kustomize looks for them. */
    public static final List<String> KUSTOMIZATION_FILES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** The file that makes a directory a Helm chart. */
    public static final String CHART_FILE = "Chart.yaml";

    private final DirectoryRenderer directory;
    private final KustomizeRenderer kustomize;
    private final HelmRenderer helm;

    /** Default renderers: kustomize/kubectl from PATH with the default timeout, Helm in-process. */
    public SourceRenderer() {
        this(new DirectoryRenderer(), new KustomizeRenderer(), new HelmRenderer());
    }

    public SourceRenderer(DirectoryRenderer directory, KustomizeRenderer kustomize, HelmRenderer helm) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.kustomize = Objects.requireNonNull(kustomize, "kustomize");
        this.helm = Objects.requireNonNull(helm, "helm");
    }

    @Override
    public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
        CheckedSource source = SourcePaths.check(app, checkout, revision);
        SourceType type = app.source().type() != null ? app.source().type() : detect(source.dir());
        return switch (type) {
            case KUSTOMIZE -> kustomize.render(source, app);
            case HELM -> helm.render(source, app);
            case DIRECTORY -> directory.render(source, app);
        };
    }

    /**
     * The type of an undeclared source: a Kustomization file ({@link #KUSTOMIZATION_FILES}) → Kustomize, else
     * {@code Chart.yaml} → Helm, else a plain directory. Only the directory itself is looked at, not subdirectories.
     */
    public static SourceType detect(Path sourceDir) {
        for (String name : KUSTOMIZATION_FILES) {
            if (Files.isRegularFile(sourceDir.resolve(name))) {
                return SourceType.KUSTOMIZE;
            }
        }
        if (Files.isRegularFile(sourceDir.resolve(CHART_FILE))) {
            return SourceType.HELM;
        }
        return SourceType.DIRECTORY;
    }
}
