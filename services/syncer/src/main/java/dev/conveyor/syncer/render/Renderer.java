package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.file.Path;
import java.util.List;

/** Turns an application's source, checked out at one revision, into the Kubernetes objects it declares. */
public interface Renderer {

    /**
     * @param app      the application (source type, Helm values, destination namespace)
     * @param checkout the repository's tree at {@code revision}, on disk (read-only: never modify it)
     * @param revision the commit sha of {@code checkout}, for caching
     * @return the objects, in file order; namespaced objects without a namespace are left without one (the applier
     *         sets the destination's)
     * @throws RenderException when the source cannot be rendered (missing path, bad YAML, kustomize/helm error); the
     *                         syncer then neither applies nor prunes anything
     */
    List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException;

    class RenderException extends Exception {
        public RenderException(String message) {
            super(message);
        }

        public RenderException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
