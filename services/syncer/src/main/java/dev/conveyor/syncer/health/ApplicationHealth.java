package dev.conveyor.syncer.health;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An application's health: the worst of its resources' healths, where "worse" is {@link Health}'s declaration order,
 * best to worst: HEALTHY, SUSPENDED, PROGRESSING, MISSING, DEGRADED, UNKNOWN (Argo CD's order: Unknown, "we cannot
 * tell", is treated as the worst). Then the health timeout: an application whose resources have been Progressing for
 * longer than its timeout is Degraded.
 *
 * @param health    the application's health, after the timeout
 * @param message   why: the worst resource and its message, or how long it has been Progressing
 * @param unhealthy the resources that are not Healthy, worst first (input order among equals), to name in a
 *                  HealthChanged event
 * @param timedOut  the resources are Progressing and have been for longer than the timeout (health is then DEGRADED)
 */
public record ApplicationHealth(Health health, String message, List<ResourceStatus> unhealthy, boolean timedOut) {

    /** Orders healths best first. */
    public static final Comparator<Health> BEST_FIRST = Comparator.comparingInt(Health::ordinal);

    public ApplicationHealth {
        Objects.requireNonNull(health, "health");
        unhealthy = unhealthy == null ? List.of() : List.copyOf(unhealthy);
    }

    /**
     * Identifies a resource of an application. The group is "" for the core group; namespace is null for
     * cluster-scoped resources.
     */
    public record ResourceKey(String group, String kind, String namespace, String name) {

        public ResourceKey {
            group = group == null ? "" : group;
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        }

        public static ResourceKey of(GenericKubernetesResource resource) {
            GroupKind gk = GroupKind.fromApiVersion(resource.getApiVersion(), resource.getKind());
            return new ResourceKey(gk.group(), gk.kind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName());
        }

        /** {@code apps/Deployment shop/api}, {@code Service shop/web}, {@code Namespace shop}. */
        @Override
        public String toString() {
            return (group.isEmpty() ? kind : group + "/" + kind) + " " + (namespace == null ? name : namespace + "/" + name);
        }
    }

    /** One resource's health. */
    public record ResourceStatus(ResourceKey key, ResourceHealth health) {
        public ResourceStatus {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(health.health(), "health.health");
        }
    }

    /** The worse of two healths. */
    public static Health worst(Health a, Health b) {
        return BEST_FIRST.compare(a, b) >= 0 ? a : b;
    }

    /** Worst-of, without a health timeout. */
    public static ApplicationHealth assess(List<ResourceStatus> resources) {
        return assess(resources, null, null, null);
    }

    /**
     * Aggregates the resources' healths and applies the health timeout.
     *
     * @param resources        every resource of the application with its health; none → Healthy
     * @param progressingSince when the resources became Progressing (keep it from {@link #nextProgressingSince}); null
     *                         when they were not Progressing before
     * @param now              the current time
     * @param timeout          how long Progressing may last; null, zero or negative: forever
     */
    public static ApplicationHealth assess(List<ResourceStatus> resources, Instant progressingSince, Instant now,
                                           Duration timeout) {
        List<ResourceStatus> unhealthy = resources.stream()
                .filter(r -> r.health().health() != Health.HEALTHY)
                .sorted(Comparator.comparing((ResourceStatus r) -> r.health().health(), BEST_FIRST.reversed()))
                .toList();
        if (unhealthy.isEmpty()) {
            return new ApplicationHealth(Health.HEALTHY, resources.isEmpty() ? "No resources"
                    : "All " + resources.size() + " resources are healthy", List.of(), false);
        }
        ResourceStatus worst = unhealthy.get(0);
        int others = unhealthy.size() - 1;
        String why = describe(worst) + (others > 0 ? " (and " + others + " more not healthy)" : "");
        Health health = worst.health().health();
        if (health == Health.PROGRESSING && progressingSince != null && now != null && timeout != null
                && timeout.compareTo(Duration.ZERO) > 0) {
            Duration progressing = Duration.between(progressingSince, now);
            if (progressing.compareTo(timeout) > 0) {
                return new ApplicationHealth(Health.DEGRADED, "Progressing for " + format(progressing)
                        + ", longer than the health timeout of " + format(timeout) + ": " + why, unhealthy, true);
            }
        }
        return new ApplicationHealth(health, why, unhealthy, false);
    }

    /**
     * What to remember as {@code progressingSince} for the next assessment: kept while the resources stay Progressing
     * (also after the timeout turned the application Degraded), {@code now} when they just became Progressing, null
     * otherwise.
     */
    public Instant nextProgressingSince(Instant previous, Instant now) {
        boolean progressing = timedOut || health == Health.PROGRESSING;
        return !progressing ? null : previous != null ? previous : now;
    }

    private static String describe(ResourceStatus r) {
        String message = r.health().message();
        String why = message == null || message.isBlank() ? "" : ": " + message;
        return r.key() + " is " + display(r.health().health()) + why;
    }

    /** {@code Progressing} for PROGRESSING: how Argo CD and users write healths. */
    static String display(Health health) {
        String name = health.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code 1h5m}, {@code 12m30s}, {@code 45s}: Go's duration style, which is how users write healthTimeout. */
    static String format(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.isEmpty()) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
