package dev.conveyor.syncer.health;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.health.ApplicationHealth.ResourceKey;
import dev.conveyor.syncer.health.ApplicationHealth.ResourceStatus;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.MISSING;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;
import static dev.conveyor.events.SyncCompleted.Health.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

class ApplicationHealthTest {

    private static final Instant NOW = Instant.parse("2025-11-20T10:30:00Z");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static final ResourceStatus API_ROLLING = status("apps", "Deployment", "api", PROGRESSING,
            "Waiting for rollout to finish: 1 out of 3 new replicas have been updated...");
    private static final ResourceStatus CONFIG = status("", "ConfigMap", "api-config", HEALTHY, "ConfigMap has no health status; it exists");
    private static final ResourceStatus WEB = status("", "Service", "web", HEALTHY, "ClusterIP service");
    private static final ResourceStatus DB_DATA_LOST = status("", "PersistentVolumeClaim", "db-data", DEGRADED,
            "The claim lost its volume pv-1: the PersistentVolume no longer exists");
    private static final ResourceStatus WORKER_GONE = status("apps", "Deployment", "worker", MISSING, "Resource does not exist");

    private static ResourceStatus status(String group, String kind, String name, Health health, String message) {
        return new ResourceStatus(new ResourceKey(group, kind, "shop", name), ResourceHealth.of(health, message));
    }

    @Test
    void healthsAreOrderedBestToWorstAsTheEnumDeclaresThem() {
        assertThat(List.of(UNKNOWN, HEALTHY, DEGRADED, SUSPENDED, MISSING, PROGRESSING).stream()
                .sorted(ApplicationHealth.BEST_FIRST).toList())
                .containsExactly(HEALTHY, SUSPENDED, PROGRESSING, MISSING, DEGRADED, UNKNOWN);
        assertThat(ApplicationHealth.worst(PROGRESSING, MISSING)).isEqualTo(MISSING);
        assertThat(ApplicationHealth.worst(UNKNOWN, DEGRADED)).isEqualTo(UNKNOWN);
        assertThat(ApplicationHealth.worst(SUSPENDED, HEALTHY)).isEqualTo(SUSPENDED);
    }

    @Test
    void applicationIsTheWorstOfItsResourcesAndListsTheUnhealthyOnesWorstFirst() {
        ApplicationHealth health = ApplicationHealth.assess(List.of(CONFIG, API_ROLLING, DB_DATA_LOST, WEB, WORKER_GONE),
                NOW.minusSeconds(30), NOW, TEN_MINUTES);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("PersistentVolumeClaim shop/db-data is Degraded: The claim lost its volume "
                + "pv-1: the PersistentVolume no longer exists (and 2 more not healthy)");
        assertThat(health.unhealthy()).containsExactly(DB_DATA_LOST, WORKER_GONE, API_ROLLING);
        assertThat(health.timedOut()).isFalse();
    }

    @Test
    void allHealthyIsHealthyWithNothingToName() {
        ApplicationHealth health = ApplicationHealth.assess(List.of(CONFIG, WEB));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("All 2 resources are healthy");
        assertThat(health.unhealthy()).isEmpty();
    }

    @Test
    void anApplicationWithoutResourcesIsHealthy() {
        assertThat(ApplicationHealth.assess(List.of()).health()).isEqualTo(HEALTHY);
    }

    @Test
    void progressingForLongerThanTheTimeoutIsDegradedAndSaysForHowLong() {
        ApplicationHealth health = ApplicationHealth.assess(List.of(CONFIG, API_ROLLING),
                NOW.minus(Duration.ofMinutes(12).plusSeconds(30)), NOW, TEN_MINUTES);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.timedOut()).isTrue();
        assertThat(health.message()).isEqualTo("Progressing for 12m30s, longer than the health timeout of 10m: "
                + "apps/Deployment shop/api is Progressing: Waiting for rollout to finish: 1 out of 3 new replicas have been updated...");
        assertThat(health.unhealthy()).containsExactly(API_ROLLING);
    }

    @Test
    void progressingWithinTheTimeoutStaysProgressing() {
        ApplicationHealth atTheLimit = ApplicationHealth.assess(List.of(API_ROLLING), NOW.minus(TEN_MINUTES), NOW, TEN_MINUTES);
        ApplicationHealth noTimeout = ApplicationHealth.assess(List.of(API_ROLLING), NOW.minus(Duration.ofDays(1)), NOW, null);

        assertThat(atTheLimit.health()).isEqualTo(PROGRESSING);
        assertThat(atTheLimit.timedOut()).isFalse();
        assertThat(atTheLimit.message()).startsWith("apps/Deployment shop/api is Progressing: Waiting for rollout");
        assertThat(noTimeout.health()).isEqualTo(PROGRESSING);
    }

    @Test
    void theTimeoutOnlyAppliesToProgressing() {
        ApplicationHealth suspended = ApplicationHealth.assess(
                List.of(status("apps", "Deployment", "api", SUSPENDED, "Deployment is paused")),
                NOW.minus(Duration.ofHours(3)), NOW, TEN_MINUTES);

        assertThat(suspended.health()).isEqualTo(SUSPENDED);
        assertThat(suspended.timedOut()).isFalse();
    }

    @Test
    void progressingSinceIsKeptWhileProgressingAndThroughTheTimeout() {
        Instant started = NOW.minus(Duration.ofMinutes(3));

        ApplicationHealth first = ApplicationHealth.assess(List.of(API_ROLLING), null, started, TEN_MINUTES);
        Instant since = first.nextProgressingSince(null, started);
        ApplicationHealth later = ApplicationHealth.assess(List.of(API_ROLLING), since, NOW.plus(TEN_MINUTES), TEN_MINUTES);
        ApplicationHealth recovered = ApplicationHealth.assess(List.of(CONFIG), since, NOW.plus(TEN_MINUTES), TEN_MINUTES);

        assertThat(first.health()).isEqualTo(PROGRESSING);
        assertThat(since).isEqualTo(started);
        assertThat(later.health()).isEqualTo(DEGRADED);
        assertThat(later.message()).startsWith("Progressing for 13m, longer than the health timeout of 10m");
        assertThat(later.nextProgressingSince(since, NOW.plus(TEN_MINUTES))).isEqualTo(started);
        assertThat(recovered.nextProgressingSince(since, NOW.plus(TEN_MINUTES))).isNull();
    }

    @Test
    void resourceKeysReadLikeKubectl() {
        assertThat(new ResourceKey("apps", "Deployment", "shop", "api")).hasToString("apps/Deployment shop/api");
        assertThat(new ResourceKey("", "Namespace", null, "shop")).hasToString("Namespace shop");
        assertThat(ResourceKey.of(LiveObjects.parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: storefront, namespace: shop}
                """))).isEqualTo(new ResourceKey("networking.k8s.io", "Ingress", "shop", "storefront"));
    }

    @Test
    void durationsAreWrittenTheWayUsersWriteThem() {
        assertThat(ApplicationHealth.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(ApplicationHealth.format(Duration.ofSeconds(3_930))).isEqualTo("1h5m30s");
        assertThat(ApplicationHealth.format(Duration.ofMillis(400))).isEqualTo("0s");
    }
}
