package dev.conveyor.promoter.engine;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionApproved;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionHoldReleased;
import dev.conveyor.events.PromotionRequested;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.events.SyncCompleted.Result;
import dev.conveyor.promoter.pipeline.FreezeWindow;
import dev.conveyor.promoter.pipeline.Pipeline;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The promotion logic in plain Java: events recorded as published, Git as a sequence of commits (ancestry: every
 * later commit contains the earlier ones, as on one branch), timers fired by the test at their instant, a clock the
 * test moves.
 */
class PromotionEngineTest {

    static final String REPO = "https://git.example/acme/deploy.git";
    static final String IMAGE = "registry.example/acme/payments";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    final List<PromotionEvent> published = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    final List<String> commits = new ArrayList<>();
    final Map<String, Runnable> timers = new LinkedHashMap<>();
    final Map<String, Instant> timerTimes = new LinkedHashMap<>();
    /** The lead times the engine reported to its observer, as "stage freight-age". */
    final List<String> leadTimes = new ArrayList<>();
    Pipeline pipeline = pipeline(Pipeline.Gates.open(), prodGates(2, false, List.of(), List.of()));

    PromotionEngine engine = newEngine();

    PromotionEngine newEngine() {
        Ports.Pipelines pipelines = new Ports.Pipelines() {
            public Collection<Pipeline> all() {
                return List.of(pipeline);
            }

            public Optional<Pipeline> get(String name) {
                return name.equals(pipeline.name()) ? Optional.of(pipeline) : Optional.empty();
            }
        };
        Ports.Events events = (id, e) -> {
            assertThat(ids.add(id)).as("event id %s published twice", id).isTrue();
            published.add(e);
        };
        Ports.Git git = new Ports.Git() {
            public String write(Pipeline p, Pipeline.Stage s, Freight f, String message) {
                String sha = String.format("%040x", commits.size() + 1);
                commits.add(sha + " " + s.name() + " " + f.id() + " " + message.lines().findFirst().orElse(""));
                return sha;
            }

            public boolean contains(String repoURL, String revision, String commit) {
                return Long.parseLong(revision, 16) >= Long.parseLong(commit, 16);
            }
        };
        Ports.Timers t = (when, key, task) -> {
            timers.put(key, task);
            timerTimes.put(key, when);
        };
        Ports.Observer observer = new Ports.Observer() {
            public void promotion(String p, String s, String r) {
            }

            public void leadTime(String p, String s, Duration d) {
                leadTimes.add(s + " " + d);
            }

            public void gateWait(String p, String s, Duration d) {
            }
        };
        return new PromotionEngine(pipelines, events, git, t, observer, clock);
    }

    static Pipeline.Gates prodGates(int approvals, boolean allowAuthor, List<FreezeWindow> freezes, List<String> conditions) {
        return new Pipeline.Gates(true, new Pipeline.Approvals(approvals, Set.of("carol"), Set.of("payments-leads"), allowAuthor),
                Duration.ZERO, freezes, conditions);
    }

    static Pipeline pipeline(Pipeline.Gates staging, Pipeline.Gates prod) {
        Pipeline.ImageSpec image = new Pipeline.ImageSpec(IMAGE, "acme/payments", null, "image.tag", null, "payments");
        return new Pipeline("payments", List.of(image), List.of(
                stage("dev", Pipeline.Gates.open()), stage("staging", staging), stage("prod", prod)), "pipelines/payments.yaml");
    }

    static Pipeline.Stage stage(String name, Pipeline.Gates gates) {
        return new Pipeline.Stage(name, "payments-" + name,
                new Pipeline.WriteTarget(REPO, "main", "apps/payments/" + name + "/kustomization.yaml", "kustomize", true, false),
                gates, Duration.ofMinutes(10));
    }

    String imageUpdated(String tag) {
        String sha = String.format("%040x", 1000 + commits.size());
        commits.add(sha + " dev (image-watcher) " + tag);
        engine.onImageUpdated(new ImageUpdated("payments", IMAGE, null, tag, null, "https://git.example/acme/deploy", "main",
                "apps/payments/dev/kustomization.yaml", sha));
        return sha;
    }

    String lastCommit() {
        return commits.get(commits.size() - 1).split(" ")[0];
    }

    <T extends PromotionEvent> List<T> all(Class<T> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends PromotionEvent> T last(Class<T> type) {
        List<T> a = all(type);
        assertThat(a).as("no %s published", type.getSimpleName()).isNotEmpty();
        return a.get(a.size() - 1);
    }

    void healthy(String stage, String revision) {
        engine.onSync("payments-" + stage, revision, Result.SUCCEEDED, Health.HEALTHY, null);
    }

    /** dev and staging verified for a new freight; returns the freight id. */
    String throughStaging(String tag) {
        String devCommit = imageUpdated(tag);
        healthy("dev", devCommit);
        healthy("staging", lastCommit());
        return last(FreightCreated.class).freight();
    }

    @Test
    void imageUpdateMakesFreightThatMovesToStagingWhenDevIsHealthy() {
        String devCommit = imageUpdated("1.4.1");
        FreightCreated created = last(FreightCreated.class);
        assertThat(created.images()).singleElement().satisfies(i -> assertThat(i.tag()).isEqualTo("1.4.1"));
        PromotionStarted dev = last(PromotionStarted.class);
        assertThat(dev.stage()).isEqualTo("dev");
        assertThat(dev.commit()).isEqualTo(devCommit);
        assertThat(commits).hasSize(1); // the image-watcher wrote dev; the promoter wrote nothing

        // A sync of an older revision does not count; a progressing one waits; healthy at the commit succeeds.
        engine.onSync("payments-dev", String.format("%040x", 1), Result.SUCCEEDED, Health.HEALTHY, null);
        engine.onSync("payments-dev", devCommit, Result.SUCCEEDED, Health.PROGRESSING, null);
        assertThat(all(PromotionSucceeded.class)).isEmpty();
        engine.onSync("payments-dev", devCommit, null, Health.HEALTHY, null); // HealthChanged
        assertThat(last(PromotionSucceeded.class).stage()).isEqualTo("dev");

        PromotionStarted staging = last(PromotionStarted.class);
        assertThat(staging.stage()).isEqualTo("staging");
        assertThat(staging.freight()).isEqualTo(created.freight());
        assertThat(commits).hasSize(2).last().asString().contains("staging " + created.freight() + " promote payments");

        healthy("staging", staging.commit());
        PromotionBlocked blocked = last(PromotionBlocked.class);
        assertThat(blocked.stage()).isEqualTo("prod");
        assertThat(blocked.gate()).isEqualTo(PromotionBlocked.Gate.APPROVAL);
        assertThat(blocked.message()).startsWith("0 of 2 approvals");
    }

    @Test
    void anImageNoLongerDeclaredIsNotCarriedIntoNewFreight() {
        imageUpdated("1.4.1");
        // The Pipeline's image moves to another registry (its history still holds freight of the old one).
        String moved = "registry.other/acme/payments";
        pipeline = new Pipeline("payments", List.of(new Pipeline.ImageSpec(moved, "acme/payments", null, "image.tag", null,
                "payments")), pipeline.stages(), pipeline.declaredIn());
        String sha = String.format("%040x", 1000 + commits.size());
        commits.add(sha + " dev (image-watcher) 1.5.0");
        engine.onImageUpdated(new ImageUpdated("payments", moved, null, "1.5.0", null, "https://git.example/acme/deploy",
                "main", "apps/payments/dev/kustomization.yaml", sha));

        assertThat(last(FreightCreated.class).images()).extracting(PromotionEvent.FreightImage::image).containsExactly(moved);
        assertThat(last(PromotionStarted.class).images()).singleElement()
                .satisfies(i -> assertThat(i.tag()).isEqualTo("1.5.0"));
    }

    @Test
    void prodWaitsForTwoAllowedApprovalsAndRefusesOutsidersAndTheAuthor() {
        String freight = throughStaging("1.4.1");
        assertThatThrownBy(() -> engine.approve("payments", "prod", freight, "mallory", Set.of("interns")))
                .isInstanceOf(PromotionEngine.Denied.class);
        engine.approve("payments", "prod", freight.substring(0, 8), "alice", Set.of("payments-leads"));
        assertThat(last(PromotionBlocked.class).message()).startsWith("1 of 2 approvals");
        assertThat(all(PromotionStarted.class).stream().filter(s -> s.stage().equals("prod"))).isEmpty();
        // Approving twice changes nothing.
        engine.approve("payments", "prod", freight, "alice", Set.of("payments-leads"));
        assertThat(all(PromotionApproved.class)).hasSize(1);

        engine.approve("payments", "prod", freight, "carol", Set.of());
        PromotionStarted prod = last(PromotionStarted.class);
        assertThat(prod.stage()).isEqualTo("prod");
        assertThat(prod.approvers()).containsExactlyInAnyOrder("alice", "carol");
        assertThat(commits.get(commits.size() - 1)).contains("prod " + freight);
    }

    @Test
    void theAuthorOfAManualRequestMayNotApproveIt() {
        pipeline = pipeline(Pipeline.Gates.open(), new Pipeline.Gates(false,
                new Pipeline.Approvals(1, Set.of(), Set.of("payments-leads"), false), Duration.ZERO, List.of(), List.of()));
        engine = newEngine();
        String freight = throughStaging("1.4.1");
        assertThat(last(PromotionBlocked.class).gate()).isEqualTo(PromotionBlocked.Gate.MANUAL);
        PromotionEngine.ActionResult r = engine.promote("payments", "prod", freight, "alice", Set.of("payments-leads"));
        assertThat(r.waitingFor()).startsWith("APPROVAL");
        assertThat(last(PromotionRequested.class).requestedBy()).isEqualTo("alice");
        assertThatThrownBy(() -> engine.approve("payments", "prod", freight, "alice", Set.of("payments-leads")))
                .isInstanceOf(PromotionEngine.Denied.class).hasMessageContaining("allowAuthor");
        engine.approve("payments", "prod", freight, "bob", Set.of("payments-leads"));
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("prod");
        assertThat(last(PromotionStarted.class).kind()).isEqualTo(PromotionEvent.Kind.MANUAL);
    }

    @Test
    void soakDelaysTheNextStageUntilItsTimerFires() {
        pipeline = pipeline(new Pipeline.Gates(true, Pipeline.Approvals.NONE, Duration.ofMinutes(5), List.of(), List.of()),
                prodGates(0, false, List.of(), List.of()));
        engine = newEngine();
        healthy("dev", imageUpdated("1.4.1"));
        PromotionBlocked soak = last(PromotionBlocked.class);
        assertThat(soak.gate()).isEqualTo(PromotionBlocked.Gate.SOAK);
        assertThat(soak.until()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(timerTimes.get("gates:payments:staging")).isEqualTo(soak.until());
        clock.set(soak.until());
        timers.get("gates:payments:staging").run();
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("staging");
    }

    @Test
    void aFreezeWindowBlocksAndItsEndPromotes() {
        // Every day from 09:00 UTC for 2 h: at 10:00 the window is open.
        pipeline = pipeline(Pipeline.Gates.open(), prodGates(0, false,
                List.of(new FreezeWindow("0 9 * * *", Duration.ofHours(2), ZoneId.of("UTC"))), List.of()));
        engine = newEngine();
        throughStaging("1.4.1");
        PromotionBlocked frozen = last(PromotionBlocked.class);
        assertThat(frozen.gate()).isEqualTo(PromotionBlocked.Gate.FREEZE);
        assertThat(frozen.until()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        clock.set(frozen.until());
        timers.get("gates:payments:prod").run();
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("prod");
    }

    @Test
    void aFalseConditionBlocks() {
        pipeline = pipeline(Pipeline.Gates.open(), prodGates(0, false, List.of(),
                List.of("freight.images.all(i, !i.tag.contains(\"-rc\"))")));
        engine = newEngine();
        throughStaging("1.5.0-rc.1");
        assertThat(last(PromotionBlocked.class).gate()).isEqualTo(PromotionBlocked.Gate.CONDITION);
        throughStaging("1.5.0");
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("prod");
    }

    @Test
    void aDegradedStageFailsThePromotionAndGoesNoFurther() {
        String devCommit = imageUpdated("1.4.1");
        healthy("dev", devCommit);
        String stagingCommit = lastCommit();
        engine.onSync("payments-staging", stagingCommit, Result.SUCCEEDED, Health.DEGRADED, "Deployment payments: crash loop");
        PromotionFailed failed = last(PromotionFailed.class);
        assertThat(failed.stage()).isEqualTo("staging");
        assertThat(failed.reason()).contains("DEGRADED").contains("crash loop");
        assertThat(all(PromotionBlocked.class).stream().filter(b -> b.stage().equals("prod"))).isEmpty();
        assertThat(all(PromotionStarted.class).stream().filter(b -> b.stage().equals("prod"))).isEmpty();
    }

    @Test
    void aPromotionThatNeverBecomesHealthyTimesOut() {
        imageUpdated("1.4.1");
        clock.set(clock.instant().plus(Duration.ofMinutes(10)));
        timers.get("timeout:payments:dev").run();
        assertThat(last(PromotionFailed.class).reason()).contains("within PT10M");
    }

    @Test
    void rollbackPutsOlderFreightBackAndHoldsAutoPromotionUntilReleased() {
        pipeline = pipeline(Pipeline.Gates.open(), prodGates(0, false, List.of(), List.of()));
        engine = newEngine();
        String v1 = throughStaging("1.4.1");
        healthy("prod", lastCommit());
        String v2 = throughStaging("1.4.2");
        healthy("prod", lastCommit());
        assertThat(engine.state("payments").stage("prod").current()).contains(v2);

        assertThatThrownBy(() -> engine.rollback("payments", "prod", v1, "mallory", Set.of("interns")))
                .isInstanceOf(PromotionEngine.Denied.class);
        engine.rollback("payments", "prod", v1, "carol", Set.of());
        PromotionStarted rollback = last(PromotionStarted.class);
        assertThat(rollback.kind()).isEqualTo(PromotionEvent.Kind.ROLLBACK);
        assertThat(rollback.hold()).isTrue();
        assertThat(rollback.freight()).isEqualTo(v1);
        healthy("prod", rollback.commit());

        throughStaging("1.4.3");
        PromotionBlocked held = last(PromotionBlocked.class);
        assertThat(held.gate()).isEqualTo(PromotionBlocked.Gate.HOLD);
        assertThat(held.message()).contains("carol");

        engine.release("payments", "prod", "carol", Set.of());
        assertThat(last(PromotionHoldReleased.class).releasedBy()).isEqualTo("carol");
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("prod");
        assertThat(last(PromotionStarted.class).hold()).isFalse();
    }

    @Test
    void aRollbackIsADeploymentButNoLeadTimeForChanges() {
        pipeline = pipeline(Pipeline.Gates.open(), prodGates(0, false, List.of(), List.of()));
        engine = newEngine();
        String v1 = throughStaging("1.4.1");
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        healthy("prod", lastCommit());
        throughStaging("1.4.2");
        clock.set(clock.instant().plus(Duration.ofHours(2)));
        healthy("prod", lastCommit());
        assertThat(leadTimes).filteredOn(l -> l.startsWith("prod ")).containsExactly("prod PT1H", "prod PT2H");

        clock.set(clock.instant().plus(Duration.ofDays(1)));
        engine.rollback("payments", "prod", v1, "carol", Set.of());
        healthy("prod", last(PromotionStarted.class).commit());
        PromotionSucceeded back = last(PromotionSucceeded.class);
        assertThat(back.kind()).isEqualTo(PromotionEvent.Kind.ROLLBACK);
        assertThat(back.freight()).isEqualTo(v1);
        // Freight v1 was created a day and three hours ago: the metric would have said so; the API leaves it out too.
        assertThat(leadTimes).filteredOn(l -> l.startsWith("prod ")).containsExactly("prod PT1H", "prod PT2H");
    }

    @Test
    void redeliveredInputsMakeNoSecondEventOrCommit() {
        String devCommit = imageUpdated("1.4.1");
        engine.onImageUpdated(new ImageUpdated("payments", IMAGE, null, "1.4.1", null, "https://git.example/acme/deploy",
                "main", "apps/payments/dev/kustomization.yaml", devCommit));
        healthy("dev", devCommit);
        int events = published.size();
        int writes = commits.size();
        healthy("dev", devCommit);
        healthy("dev", devCommit);
        assertThat(published).hasSize(events);
        assertThat(commits).hasSize(writes);
    }

    @Test
    void aRestartRebuildsFromTheEventsAndFinishesThePromotionInFlightWithoutASecondCommit() {
        String devCommit = imageUpdated("1.4.1");
        healthy("dev", devCommit);
        String stagingCommit = lastCommit();
        List<PromotionEvent> history = List.copyOf(published);

        // A new process: same declarations, state from the event history only.
        PromotionEngine restarted = newEngine();
        for (PromotionEvent e : history) restarted.replay(e, clock.instant());
        restarted.resume();
        int writes = commits.size();
        assertThat(timers).containsKey("timeout:payments:staging");

        restarted.onSync("payments-staging", stagingCommit, Result.SUCCEEDED, Health.HEALTHY, null);
        assertThat(last(PromotionSucceeded.class).stage()).isEqualTo("staging");
        assertThat(commits).hasSize(writes);
        assertThat(last(PromotionBlocked.class).stage()).isEqualTo("prod");
    }

    @Test
    void aRequestedButUnstartedPromotionIsStartedAfterARestart() {
        pipeline = pipeline(Pipeline.Gates.open(), prodGates(0, false, List.of(), List.of()));
        engine = newEngine();
        String freight = throughStaging("1.4.1");
        // Cut the history right after prod's PromotionRequested: the process died before it wrote and started.
        int cut = 0;
        for (int i = 0; i < published.size(); i++) {
            if (published.get(i) instanceof PromotionRequested r && r.stage().equals("prod")) cut = i + 1;
        }
        List<PromotionEvent> history = List.copyOf(published.subList(0, cut));
        published.clear();
        ids.clear();
        PromotionEngine restarted = newEngine();
        for (PromotionEvent e : history) restarted.replay(e, clock.instant());
        restarted.resume();
        assertThat(last(PromotionStarted.class).stage()).isEqualTo("prod");
        assertThat(last(PromotionStarted.class).freight()).isEqualTo(freight);
    }

    @Test
    void unknownNamesAndAmbiguousPrefixesAreClearErrors() {
        String freight = throughStaging("1.4.1");
        assertThatThrownBy(() -> engine.approve("nope", "prod", freight, "carol", Set.of())).isInstanceOf(PromotionEngine.NotFound.class);
        assertThatThrownBy(() -> engine.approve("payments", "qa", freight, "carol", Set.of())).isInstanceOf(PromotionEngine.NotFound.class);
        assertThatThrownBy(() -> engine.approve("payments", "prod", "f-0000000000", "carol", Set.of())).isInstanceOf(PromotionEngine.NotFound.class);
        assertThatThrownBy(() -> engine.approve("payments", "prod", "f-", "carol", Set.of())).isInstanceOf(PromotionEngine.NotFound.class);
        assertThatThrownBy(() -> engine.approve("payments", "dev", freight, "carol", Set.of())).isInstanceOf(PromotionEngine.Conflict.class);
        assertThat(Freight.of(List.of(new PromotionEvent.FreightImage(IMAGE, "1.4.1", null)), Instant.EPOCH).id()).isEqualTo(freight);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
