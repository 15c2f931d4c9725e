package dev.conveyor.syncer.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code Application} declaration ({@code apiVersion: conveyor.dev/v1alpha1}): where the desired state lives in Git,
 * where it goes, and how it is kept in sync. Immutable; parsed and validated by {@link ApplicationParser}.
 *
 * @param name              metadata.name: unique, DNS-1123 label
 * @param labels            metadata.labels (used by notification conditions and selectors)
 * @param source            spec.source
 * @param destination       spec.destination
 * @param syncPolicy        spec.syncPolicy
 * @param ignoreDifferences spec.ignoreDifferences
 * @param healthTimeout     spec.healthTimeout: Progressing for longer than this counts as Degraded (default 10m)
 * @param declaredIn        the control-repository file this came from (for error messages)
 */
public record Application(
        String name,
        Map<String, String> labels,
        Source source,
        Destination destination,
        SyncPolicy syncPolicy,
        List<IgnoreDifference> ignoreDifferences,
        Duration healthTimeout,
        String declaredIn) {

    public static final String API_VERSION = "conveyor.dev/v1alpha1";
    public static final String KIND = "Application";
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(10);

    public Application {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        syncPolicy = syncPolicy == null ? SyncPolicy.MANUAL : syncPolicy;
        ignoreDifferences = ignoreDifferences == null ? List.of() : List.copyOf(ignoreDifferences);
        healthTimeout = healthTimeout == null ? DEFAULT_HEALTH_TIMEOUT : healthTimeout;
    }

    /**
     * @param repoURL        the repository as the user wrote it (cloned as written; matched by canonical form)
     * @param targetRevision a branch, a tag or a commit sha (default {@code HEAD}: the remote's default branch)
     * @param path           directory inside the repository ("" or "." for the root)
     * @param type           how to render; {@code null} = detect (kustomization.yaml → Kustomize, Chart.yaml → Helm, else directory)
     * @param helm           Helm options (only for Helm sources)
     * @param directory      plain-directory options
     */
    public record Source(String repoURL, String targetRevision, String path, SourceType type, Helm helm, Directory directory) {
        public Source {
            Objects.requireNonNull(repoURL, "repoURL");
            targetRevision = targetRevision == null || targetRevision.isBlank() ? "HEAD" : targetRevision;
            path = path == null || path.equals(".") ? "" : path.replaceAll("^/+|/+$", "");
            helm = helm == null ? Helm.NONE : helm;
            directory = directory == null ? Directory.DEFAULT : directory;
        }
    }

    public enum SourceType { DIRECTORY, KUSTOMIZE, HELM }

    /**
     * @param releaseName  Helm release name (default: the application name)
     * @param valueFiles   values files relative to the chart directory, applied in order
     * @param values       inline values (YAML text), applied after the files
     * @param parameters   --set style overrides, applied last
     */
    public record Helm(String releaseName, List<String> valueFiles, String values, Map<String, String> parameters) {
        public static final Helm NONE = new Helm(null, List.of(), null, Map.of());

        public Helm {
            valueFiles = valueFiles == null ? List.of() : List.copyOf(valueFiles);
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    /** @param recurse include subdirectories (default true) */
    public record Directory(boolean recurse) {
        public static final Directory DEFAULT = new Directory(true);
    }

    /**
     * @param cluster   a kubeconfig context name; {@code in-cluster} (default) = the cluster the syncer runs in, or the
     *                  client's default configuration
     * @param namespace namespace for namespaced resources that do not set one
     */
    public record Destination(String cluster, String namespace) {
        public static final String IN_CLUSTER = "in-cluster";

        public Destination {
            cluster = cluster == null || cluster.isBlank() ? IN_CLUSTER : cluster;
        }
    }

    /**
     * @param automated   sync on every change (commit, interval) without a person asking
     * @param prune       delete tracked resources that left Git
     * @param selfHeal    re-apply when the live state drifts
     * @param allowEmpty  allow a render that produces no resources to prune everything (off: an empty render is an error)
     * @param syncOptions e.g. {@code CreateNamespace=true}, {@code ServerSideApply=true}
     */
    public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal, boolean allowEmpty, Set<String> syncOptions) {
        public static final SyncPolicy MANUAL = new SyncPolicy(false, false, false, false, Set.of());

        public SyncPolicy {
            syncOptions = syncOptions == null ? Set.of() : Set.copyOf(syncOptions);
        }

        public boolean option(String name) {
            return syncOptions.contains(name + "=true");
        }
    }

    /**
     * Fields the syncer must not consider when diffing: JSON pointers (RFC 6901) in objects matching group/kind and,
     * when given, name/namespace.
     */
    public record IgnoreDifference(String group, String kind, String name, String namespace, List<String> jsonPointers) {
        public IgnoreDifference {
            group = group == null ? "" : group;
            Objects.requireNonNull(kind, "kind");
            jsonPointers = jsonPointers == null ? List.of() : List.copyOf(jsonPointers);
        }

        public boolean matches(String group, String kind, String namespace, String name) {
            return this.group.equals(group == null ? "" : group) && this.kind.equals(kind)
                    && (this.name == null || this.name.equals(name))
                    && (this.namespace == null || this.namespace.equals(namespace));
        }
    }

    public Optional<String> label(String key) {
        return Optional.ofNullable(labels.get(key));
    }
}
