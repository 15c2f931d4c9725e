package dev.conveyor.syncer.engine;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's decisions with in-memory ports (Git, rendering and the cluster are exercised for real in the *IT
 * tests); what matters here is which step runs when, and what is told.
 */
class SyncEngineTest {

    static final String SHA1 = "1111111111111111111111111111111111111111";
    static final String SHA2 = "2222222222222222222222222222222222222222";

    final class FakeWorld implements Ports.Applications, Ports.Sources, Ports.Rendering, Ports.Cluster, Ports.Events {
        Application app = new Application("shop", Map.of(), new Application.Source("https://git.example/acme/shop.git", "main", "deploy", null, null, null),
                new Application.Destination(null, "shop"), new Application.SyncPolicy(true, true, true, false, Set.of()), null,
                Duration.ofMinutes(5), "apps.yaml");
        String head = SHA1;
        List<String> applied = new ArrayList<>();
        List<ConveyorEvent> published = new ArrayList<>();
        List<GenericKubernetesResource> rendered = List.of(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("cm").endMetadata().build());
        Exception renderError;
        SyncCompleted.Health health = SyncCompleted.Health.HEALTHY;

        public Optional<Application> get(String name) { return name.equals(app.name()) ? Optional.of(app) : Optional.empty(); }
        public Collection<Application> all() { return List.of(app); }
        public Duration fetch(String repoURL, boolean recentIsFresh) { return Duration.ofMillis(3); }
        public String resolve(String repoURL, String revision) { return revision.length() == 40 ? revision : head; }
        public Path checkout(String repoURL, String sha) { return Path.of("/tmp/checkout-" + sha); }
        public List<GenericKubernetesResource> render(Application a, Path checkout, String revision) throws Exception {
            if (renderError != null) throw renderError;
            return rendered;
        }
        public Ports.ClusterSyncResult sync(Application a, List<GenericKubernetesResource> desired, String revision, boolean dryRun, Set<String> inv) {
            if (!dryRun) applied.add(revision);
            return new Ports.ClusterSyncResult(dryRun ? SyncCompleted.Result.DRY_RUN : SyncCompleted.Result.SUCCEEDED,
                    dryRun ? 0 : 1, 0, 0, 0, List.of(), "ok", Set.of("/ConfigMap:shop/cm"), !dryRun);
        }
        public Ports.HealthSnapshot health(Application a, Set<String> inventory) {
            return new Ports.HealthSnapshot(health, List.of());
        }
        public void publish(ConveyorEvent event, String causationId) { published.add(event); }

        <T> List<T> events(Class<T> type) { return published.stream().filter(type::isInstance).map(type::cast).toList(); }
    }

    final FakeWorld world = new FakeWorld();
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    final Clock clock = new Clock() {
        public ZoneOffset getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId z) { return this; }
        public Instant instant() { return now; }
    };
    final SyncEngine engine = new SyncEngine(world, world, world, world, world, clock, 10, SyncEngine.SyncMetrics.NONE);

    SyncEngine.Outcome handle(SyncRequested.Trigger trigger, String revision) {
        return engine.handle(new SyncRequested("shop", trigger, revision, false, "test"), "cause");
    }

    @Test
    void redeliveredCommitIsNotAppliedTwice() {
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA1)).isEqualTo(SyncEngine.Outcome.SYNCED);
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA1)).isEqualTo(SyncEngine.Outcome.SKIPPED_ALREADY_APPLIED);
        assertThat(world.applied).containsExactly(SHA1);
        assertThat(world.events(SyncCompleted.class)).hasSize(1);
        assertThat(world.events(SyncCompleted.class).get(0).revision()).isEqualTo(SHA1);
    }

    @Test
    void renderErrorFailsTheSyncAndTouchesNothing() {
        world.renderError = new IllegalStateException("kustomization.yaml: unknown field 'resourcez'");
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA1)).isEqualTo(SyncEngine.Outcome.FAILED);
        assertThat(world.applied).isEmpty();
        SyncCompleted failed = world.events(SyncCompleted.class).get(0);
        assertThat(failed.result()).isEqualTo(SyncCompleted.Result.FAILED);
        assertThat(failed.message()).contains("cannot render deploy at 1111111").contains("resourcez");
    }

    @Test
    void emptyRenderIsAnErrorUnlessAllowed() {
        world.rendered = List.of();
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA1)).isEqualTo(SyncEngine.Outcome.FAILED);
        assertThat(world.applied).isEmpty();
        assertThat(world.events(SyncCompleted.class).get(0).message()).contains("produced no resources");
    }

    @Test
    void rollbackPausesAutoSyncUntilResumed() {
        handle(SyncRequested.Trigger.COMMIT, SHA1);
        world.head = SHA2;
        handle(SyncRequested.Trigger.COMMIT, SHA2);
        engine.rollback("shop", SHA1);
        assertThat(handle(SyncRequested.Trigger.ROLLBACK, SHA1)).isEqualTo(SyncEngine.Outcome.SYNCED);
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA2)).isEqualTo(SyncEngine.Outcome.SKIPPED_PAUSED);
        assertThat(handle(SyncRequested.Trigger.INTERVAL, null)).isEqualTo(SyncEngine.Outcome.SKIPPED_PAUSED);
        assertThat(engine.state("shop").autoSyncPaused()).isTrue();
        engine.resume("shop");
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA2)).isEqualTo(SyncEngine.Outcome.SYNCED);
        assertThat(world.applied).containsExactly(SHA1, SHA2, SHA1, SHA2);
        assertThat(engine.state("shop").history()).extracting(AppState.HistoryEntry::revision).containsExactly(SHA2, SHA1, SHA2, SHA1);
    }

    @Test
    void manualPolicyOnlyReportsOutOfSync() {
        world.app = new Application("shop", Map.of(), world.app.source(), world.app.destination(), Application.SyncPolicy.MANUAL,
                null, null, "apps.yaml");
        assertThat(handle(SyncRequested.Trigger.COMMIT, SHA1)).isEqualTo(SyncEngine.Outcome.SKIPPED_MANUAL_POLICY);
        assertThat(world.applied).isEmpty();
        assertThat(engine.state("shop").syncStatus()).isEqualTo(SyncCompleted.SyncStatus.OUT_OF_SYNC);
        assertThat(handle(SyncRequested.Trigger.MANUAL, null)).isEqualTo(SyncEngine.Outcome.SYNCED);
        assertThat(world.applied).containsExactly(SHA1);
    }

    @Test
    void healthChangesAreToldAndProgressingPastTheTimeoutIsDegraded() {
        world.health = SyncCompleted.Health.PROGRESSING;
        handle(SyncRequested.Trigger.COMMIT, SHA1);
        now = now.plus(Duration.ofMinutes(6));
        engine.reassessHealth("shop", "later");
        world.health = SyncCompleted.Health.HEALTHY;
        engine.reassessHealth("shop", "healed");
        assertThat(world.events(HealthChanged.class)).extracting(HealthChanged::to)
                .containsExactly(SyncCompleted.Health.PROGRESSING, SyncCompleted.Health.DEGRADED, SyncCompleted.Health.HEALTHY);
    }

    @Test
    void driftForcesAReapplyOfTheSameRevision() {
        handle(SyncRequested.Trigger.COMMIT, SHA1);
        engine.driftObserved("shop");
        assertThat(handle(SyncRequested.Trigger.DRIFT, null)).isEqualTo(SyncEngine.Outcome.SYNCED);
        assertThat(world.applied).containsExactly(SHA1, SHA1);
    }

    @Test
    void unknownApplicationIsIgnored() {
        assertThat(engine.handle(new SyncRequested("nope", SyncRequested.Trigger.COMMIT, null, false, null), "c"))
                .isEqualTo(SyncEngine.Outcome.SKIPPED_UNKNOWN_APP);
    }
}
