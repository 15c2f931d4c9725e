package dev.conveyor.promoter.engine;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionApproved;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionBlocked.Gate;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionEvent.FreightImage;
import dev.conveyor.events.PromotionEvent.Kind;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionHoldReleased;
import dev.conveyor.events.PromotionRequested;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.promoter.pipeline.Conditions;
import dev.conveyor.promoter.pipeline.FreezeWindow;
import dev.conveyor.promoter.pipeline.Pipeline;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The promotion logic. Every input — an image update, a sync result, an approval, a timer, an API call — is handled
 * by one thread at a time (the adapter guarantees it), decided from the {@link PipelineState} built from past events,
 * and ends in new events that are published (durable) and then applied. So a restart that replays
 * {@code conveyor.promotions} lands in the same state, and a redelivered input finds its work already done.
 *
 * <p>A promotion: {@code PromotionRequested} (freight waits at the stage's gates; re-evaluated when an approval
 * arrives, a freeze or soak ends, a hold is released) → {@code PromotionStarted} (one commit with the freight's
 * versions) → {@code PromotionSucceeded} when the stage's Application synced that commit, or a later one containing
 * it, and is Healthy; {@code PromotionFailed} on a failed sync, Degraded, or the stage's timeout. Success in a stage
 * evaluates the next stage's gates at once — timers, not polling.
 */
public final class PromotionEngine {

    private static final Logger LOG = Logger.getLogger(PromotionEngine.class);

    /** The caller may not do this (HTTP 403). */
    public static final class Denied extends RuntimeException {
        public Denied(String message) {
            super(message);
        }
    }

    /** No such pipeline, stage or freight (HTTP 404). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** Not possible in the current state (HTTP 409). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The result of an API action: the event it produced and, when the freight waits, why. */
    public record ActionResult(String event, String freight, String waitingFor) {
    }

    private final Ports.Pipelines pipelines;
    private final Ports.Events events;
    private final Ports.Git git;
    private final Ports.Timers timers;
    private final Ports.Observer observer;
    private final Clock clock;
    private final Map<String, PipelineState> states = new ConcurrentHashMap<>();

    public PromotionEngine(Ports.Pipelines pipelines, Ports.Events events, Ports.Git git, Ports.Timers timers,
                           Ports.Observer observer, Clock clock) {
        this.pipelines = pipelines;
        this.events = events;
        this.git = git;
        this.timers = timers;
        this.observer = observer;
        this.clock = clock;
    }

    public PipelineState state(String pipeline) {
        return states.computeIfAbsent(pipeline, PipelineState::new);
    }

    // ---- rebuilding -------------------------------------------------------------------------------------------

    /** Applies a past event (read back from Kafka at start); no decisions. */
    public void replay(PromotionEvent event, Instant at) {
        state(event.pipeline()).apply(event, at);
    }

    /**
     * After the replay: picks up what was in flight — promotions requested but not started are evaluated again
     * (a write that happened before a crash is found in Git, not made twice), started ones get their timeout timer,
     * and freight verified upstream gets the next stage's gates evaluated.
     */
    public void resume() {
        for (Pipeline p : pipelines.all()) reconsider(p);
    }

    /** Declarations changed: re-evaluate everything pending against the new gates. */
    public void pipelinesChanged() {
        resume();
    }

    private void reconsider(Pipeline p) {
        PipelineState st = state(p.name());
        for (int i = 0; i < p.stages().size(); i++) {
            Pipeline.Stage stage = p.stages().get(i);
            PipelineState.Stage s = st.stage(stage.name());
            Optional<PipelineState.Promotion> prom = s.promotion();
            if (prom.isPresent() && prom.get().commit() != null) {
                PipelineState.Promotion started = prom.get();
                scheduleTimeout(p, stage, started.freight(), started.commit(), started.startedAt().plus(stage.timeout()));
            } else if (prom.isPresent()) {
                evaluate(p, i, prom.get().freight());
            } else if (i > 0) {
                st.stage(p.stages().get(i - 1).name()).current().ifPresent(f -> offer(p, stage, f));
            }
        }
    }

    // ---- inputs -----------------------------------------------------------------------------------------------

    /** The image-watcher committed a new version into some file: new freight where it is a pipeline's first stage. */
    public void onImageUpdated(ImageUpdated u) {
        for (Pipeline p : pipelines.all()) {
            if (p.image(u.image()).isEmpty()) continue;
            Pipeline.Stage first = p.stages().get(0);
            if (!sameTarget(first.writeBack(), u.repository(), u.branch(), u.path())) continue;
            PipelineState st = state(p.name());
            PipelineState.Stage s0 = st.stage(first.name());
            // The other images keep the versions the first stage has (or is getting) — those the Pipeline still
            // declares: an image dropped from it, or moved to another registry, is not carried into new freight.
            String base = s0.promotion().map(PipelineState.Promotion::freight).orElse(s0.current().orElse(null));
            Map<String, FreightImage> images = new LinkedHashMap<>();
            if (base != null) st.freight(base).ifPresent(f -> f.images().stream().filter(i -> p.image(i.image()).isPresent())
                    .forEach(i -> images.put(i.image(), i)));
            images.put(u.image(), new FreightImage(u.image(), u.to(), u.digest()));
            Freight f = Freight.of(new ArrayList<>(images.values()), clock.instant());
            if (st.freight(f.id()).isEmpty()) {
                emit(st, "freight:" + p.name() + ":" + f.id(), new FreightCreated(p.name(), first.name(), f.id(), f.images(),
                        "ImageUpdated " + u.policy() + " at " + u.commit()));
            }
            if (s0.promotion().map(x -> x.freight().equals(f.id())).orElse(false)) continue; // redelivered
            if (s0.promotion().isEmpty() && f.id().equals(s0.current().orElse(null))) continue;
            s0.promotion().ifPresent(old -> emit(st, "failed:" + p.name() + ":" + first.name() + ":" + old.freight() + ":superseded",
                    new PromotionFailed(p.name(), first.name(), old.freight(), old.kind(), first.application(), old.commit(),
                            "superseded by newer freight " + f.id() + " (" + f.describe() + ")")));
            emit(st, "requested:" + p.name() + ":" + first.name() + ":" + f.id() + ":" + u.commit(),
                    new PromotionRequested(p.name(), first.name(), f.id(), f.images(), Kind.AUTO, null));
            // The image-watcher's commit is this stage's promotion: nothing to write.
            emit(st, "started:" + p.name() + ":" + first.name() + ":" + f.id() + ":" + u.commit(),
                    new PromotionStarted(p.name(), first.name(), f.id(), f.images(), Kind.AUTO, first.application(),
                            u.repository(), u.branch(), u.path(), u.commit(), List.of(), false));
            scheduleTimeout(p, first, f.id(), u.commit(), clock.instant().plus(first.timeout()));
        }
    }

    /**
     * The syncer applied an application (SyncCompleted) or its health changed (HealthChanged, no result): decides
     * the promotion into the stage that application runs, if its commit is in {@code revision}.
     */
    public void onSync(String application, String revision, SyncCompleted.Result result, SyncCompleted.Health health,
                       String message) {
        if (revision == null) return;
        for (Pipeline p : pipelines.all()) {
            for (int i = 0; i < p.stages().size(); i++) {
                Pipeline.Stage stage = p.stages().get(i);
                if (!stage.application().equals(application)) continue;
                PipelineState st = state(p.name());
                PipelineState.Promotion prom = st.stage(stage.name()).promotion().orElse(null);
                if (prom == null || prom.commit() == null) continue;
                if (!contains(stage, revision, prom.commit())) continue;
                if (result == SyncCompleted.Result.FAILED) {
                    fail(p, stage, prom, "sync of " + shortSha(revision) + " failed" + (message == null ? "" : ": " + message));
                } else if (result == SyncCompleted.Result.DRY_RUN) {
                    continue;
                } else if (health == SyncCompleted.Health.HEALTHY) {
                    succeed(p, i, prom, revision);
                } else if (health == SyncCompleted.Health.DEGRADED) {
                    fail(p, stage, prom, application + " became DEGRADED at " + shortSha(revision)
                            + (message == null ? "" : ": " + message));
                }
            }
        }
    }

    // ---- API actions (identity already verified by the adapter) ----------------------------------------------

    public ActionResult approve(String pipeline, String stageName, String freightRef, String user, Set<String> groups) {
        Target t = target(pipeline, stageName, freightRef, user, groups, "approve promotions into");
        String freight = t.freight();
        if (t.index() == 0) {
            throw new Conflict("the first stage (" + stageName + ") takes the image-watcher's versions; it has no approvals");
        }
        PipelineState.Stage s = t.stageState();
        String author = s.promotion().filter(x -> x.freight().equals(freight)).map(PipelineState.Promotion::requestedBy).orElse(null);
        if (!t.stage().gates().approvals().allowAuthor() && user.equals(author)) {
            throw new Denied(user + " requested this promotion and may not approve it (allowAuthor: false)");
        }
        String id = "approved:" + pipeline + ":" + stageName + ":" + freight + ":" + user;
        if (!s.approvals(freight).contains(user)) {
            emit(t.state(), id, new PromotionApproved(pipeline, stageName, freight, user, List.copyOf(groups)));
        }
        String waiting = null;
        if (s.promotion().map(x -> x.freight().equals(freight) && x.commit() == null).orElse(false)) {
            waiting = evaluate(t.pipeline(), t.index(), freight);
        }
        return new ActionResult(id, freight, waiting);
    }

    /** A person asks to promote freight that ran in the previous stage; the stage's gates still apply. */
    public ActionResult promote(String pipeline, String stageName, String freightRef, String user, Set<String> groups) {
        Target t = target(pipeline, stageName, freightRef, user, groups, "promote into");
        String freight = t.freight();
        PipelineState.Stage s = t.stageState();
        if (s.promotion().map(x -> x.commit() != null).orElse(false)) {
            throw new Conflict("a promotion into " + stageName + " is in progress (" + s.promotion().get().freight() + ")");
        }
        int i = t.index();
        if (i > 0 && !t.state().stage(t.pipeline().stages().get(i - 1).name()).history().contains(freight)) {
            throw new Conflict(freight + " has not run successfully in " + t.pipeline().stages().get(i - 1).name() + " yet");
        }
        Freight f = t.state().freight(freight).orElseThrow();
        String id = "requested:" + pipeline + ":" + stageName + ":" + freight + ":manual:" + user + ":" + clock.millis();
        emit(t.state(), id, new PromotionRequested(pipeline, stageName, freight, f.images(), Kind.MANUAL, user));
        return new ActionResult(id, freight, evaluate(t.pipeline(), i, freight));
    }

    /** An approver puts earlier freight back into a stage; auto-promotion into it is held until released. */
    public ActionResult rollback(String pipeline, String stageName, String freightRef, String user, Set<String> groups) {
        Target t = target(pipeline, stageName, freightRef, user, groups, "roll back");
        String freight = t.freight();
        PipelineState.Stage s = t.stageState();
        if (!s.history().contains(freight)) throw new Conflict(freight + " never ran in " + stageName + ": not a rollback target");
        if (freight.equals(s.current().orElse(null)) && s.promotion().isEmpty()) {
            throw new Conflict(freight + " is what " + stageName + " runs now");
        }
        Freight f = t.state().freight(freight).orElseThrow();
        String id = "requested:" + pipeline + ":" + stageName + ":" + freight + ":rollback:" + user + ":" + clock.millis();
        emit(t.state(), id, new PromotionRequested(pipeline, stageName, freight, f.images(), Kind.ROLLBACK, user));
        start(t.pipeline(), t.stage(), s.promotion().orElseThrow(), List.of(user));
        return new ActionResult(id, freight, null);
    }

    public ActionResult release(String pipeline, String stageName, String user, Set<String> groups) {
        Target t = target(pipeline, stageName, null, user, groups, "release holds on");
        PipelineState.Hold hold = t.stageState().hold().orElseThrow(() -> new Conflict(stageName + " has no hold"));
        String id = "released:" + pipeline + ":" + stageName + ":" + hold.at().toEpochMilli();
        emit(t.state(), id, new PromotionHoldReleased(pipeline, stageName, user));
        int i = t.index();
        if (i > 0) t.state().stage(t.pipeline().stages().get(i - 1).name()).current().ifPresent(f -> offer(t.pipeline(), t.stage(), f));
        return new ActionResult(id, hold.freight(), null);
    }

    // ---- decisions --------------------------------------------------------------------------------------------

    private void succeed(Pipeline p, int i, PipelineState.Promotion prom, String revision) {
        Pipeline.Stage stage = p.stages().get(i);
        PipelineState st = state(p.name());
        emit(st, "succeeded:" + p.name() + ":" + stage.name() + ":" + prom.freight() + ":" + prom.commit(),
                new PromotionSucceeded(p.name(), stage.name(), prom.freight(), prom.kind(), stage.application(),
                        prom.commit(), revision));
        observer.promotion(p.name(), stage.name(), "succeeded");
        // A rollback brings an old change back: no lead time for changes (as in DoraTracker and GET /api/v1/dora).
        if (prom.kind() != Kind.ROLLBACK) {
            st.freight(prom.freight()).ifPresent(f -> observer.leadTime(p.name(), stage.name(),
                    Duration.between(f.createdAt(), clock.instant())));
        }
        if (i + 1 < p.stages().size()) offer(p, p.stages().get(i + 1), prom.freight());
        reofferFromPrevious(p, i, prom.freight());
    }

    /** A stage became free: newer freight that ran upstream meanwhile is offered to it. */
    private void reofferFromPrevious(Pipeline p, int i, String justFinished) {
        if (i == 0) return;
        state(p.name()).stage(p.stages().get(i - 1).name()).current()
                .filter(f -> !f.equals(justFinished))
                .ifPresent(f -> offer(p, p.stages().get(i), f));
    }

    private void fail(Pipeline p, Pipeline.Stage stage, PipelineState.Promotion prom, String reason) {
        PipelineState st = state(p.name());
        emit(st, "failed:" + p.name() + ":" + stage.name() + ":" + prom.freight() + ":" + prom.commit(),
                new PromotionFailed(p.name(), stage.name(), prom.freight(), prom.kind(), stage.application(), prom.commit(), reason));
        observer.promotion(p.name(), stage.name(), "failed");
        LOG.warnf("promotion of %s into %s/%s failed: %s", prom.freight(), p.name(), stage.name(), reason);
        reofferFromPrevious(p, p.indexOf(stage.name()), prom.freight());
    }

    /** Freight verified upstream is offered to the next stage: a request (unless already there), then its gates. */
    private void offer(Pipeline p, Pipeline.Stage stage, String freight) {
        PipelineState st = state(p.name());
        PipelineState.Stage s = st.stage(stage.name());
        if (freight.equals(s.current().orElse(null)) && s.promotion().isEmpty()) return;
        Optional<PipelineState.Promotion> prom = s.promotion();
        if (prom.isPresent() && prom.get().commit() != null) return; // one promotion at a time; re-offered when it ends
        if (prom.isEmpty() || !prom.get().freight().equals(freight)) {
            if (s.history().contains(freight) && !freight.equals(s.current().orElse(null))) return; // older freight: no re-promotion
            Freight f = st.freight(freight).orElse(null);
            if (f == null) return;
            emit(st, "requested:" + p.name() + ":" + stage.name() + ":" + freight + ":auto",
                    new PromotionRequested(p.name(), stage.name(), freight, f.images(), Kind.AUTO, null));
        }
        evaluate(p, p.indexOf(stage.name()), freight);
    }

    /**
     * Checks the gates for the requested freight; starts the promotion when all are open, else tells which one holds
     * it (once per change) and sets a timer where a gate opens by itself.
     *
     * @return the gate's message when it waits, null when it started
     */
    private String evaluate(Pipeline p, int i, String freight) {
        Pipeline.Stage stage = p.stages().get(i);
        PipelineState st = state(p.name());
        PipelineState.Stage s = st.stage(stage.name());
        PipelineState.Promotion prom = s.promotion().orElse(null);
        if (prom == null || !prom.freight().equals(freight) || prom.commit() != null) return null;
        Pipeline.Gates gates = stage.gates();
        Instant now = clock.instant();
        boolean person = prom.kind() != Kind.AUTO;
        String key = "gates:" + p.name() + ":" + stage.name();
        if (i > 0 && !gates.soak().isZero()) {
            PipelineState.Stage prev = st.stage(p.stages().get(i - 1).name());
            Instant soaked = prev.verifiedAt().orElse(now).plus(gates.soak());
            if (freight.equals(prev.current().orElse(null)) && soaked.isAfter(now)) {
                timers.at(soaked, key, () -> evaluate(p, i, freight));
                return block(p, stage, freight, Gate.SOAK, "soaking in " + p.stages().get(i - 1).name() + " until " + soaked,
                        List.of(), 0, soaked);
            }
        }
        if (s.hold().isPresent() && prom.kind() != Kind.ROLLBACK) {
            PipelineState.Hold h = s.hold().get();
            String msg = "auto-promotion into " + stage.name() + " is held since " + h.by() + " rolled it back to "
                    + h.freight() + "; release the hold to go on";
            if (!person) return block(p, stage, freight, Gate.HOLD, msg, List.of(), 0, null);
        }
        if (!gates.autoPromote() && !person) {
            return block(p, stage, freight, Gate.MANUAL, stage.name() + " promotes only when a person asks (autoPromote: false)",
                    List.of(), 0, null);
        }
        for (FreezeWindow w : gates.freezes()) {
            Optional<Instant> until = w.activeUntil(now);
            if (until.isPresent()) {
                timers.at(until.get(), key, () -> evaluate(p, i, freight));
                return block(p, stage, freight, Gate.FREEZE, stage.name() + " is frozen (" + w.cron() + " for "
                        + w.duration() + ", " + w.zone() + ") until " + until.get(), List.of(), 0, until.get());
            }
        }
        if (!gates.conditions().isEmpty()) {
            String failing = Conditions.firstFailing(gates.conditions(), freightVariables(st, freight),
                    stageVariables(p, i, st));
            if (failing != null) return block(p, stage, freight, Gate.CONDITION, failing, List.of(), 0, null);
        }
        Pipeline.Approvals rules = gates.approvals();
        List<String> valid = new ArrayList<>();
        for (String approver : s.approvals(freight)) {
            // Approvals count while their approver (with the groups of their token) is still allowed by the current
            // declaration.
            if (rules.allows(approver, s.approverGroups(freight, approver))
                    && (rules.allowAuthor() || !approver.equals(prom.requestedBy()))) {
                valid.add(approver);
            }
        }
        if (valid.size() < rules.required()) {
            return block(p, stage, freight, Gate.APPROVAL, valid.size() + " of " + rules.required() + " approvals"
                    + describeApprovers(rules), valid, rules.required(), null);
        }
        s.blocked().ifPresent(b -> observer.gateWait(p.name(), stage.name(), Duration.between(prom.requestedAt(), now)));
        start(p, stage, prom, valid);
        return null;
    }

    private void start(Pipeline p, Pipeline.Stage stage, PipelineState.Promotion prom, List<String> approvers) {
        PipelineState st = state(p.name());
        Freight f = st.freight(prom.freight()).orElseThrow();
        String message = "promote " + p.name() + " " + f.id() + " to " + stage.name() + "\n\n"
                + f.images().stream().map(i -> "  " + i.image() + ":" + i.tag() + (i.digest() == null ? "" : "@" + i.digest()))
                .reduce((a, b) -> a + "\n" + b).orElse("") + "\n\n"
                + "Pipeline: " + p.name() + "\nStage: " + stage.name() + "\nFreight: " + f.id() + "\nKind: " + prom.kind()
                + (prom.requestedBy() == null ? "" : "\nRequested-by: " + prom.requestedBy())
                + (approvers.isEmpty() ? "" : "\nApproved-by: " + String.join(", ", approvers)) + "\n";
        String commit;
        try {
            commit = git.write(p, stage, f, message);
        } catch (Exception e) {
            emit(st, "failed:" + p.name() + ":" + stage.name() + ":" + f.id() + ":write:" + clock.millis(),
                    new PromotionFailed(p.name(), stage.name(), f.id(), prom.kind(), stage.application(), null,
                            "writing " + stage.writeBack().path() + " failed: " + e.getMessage()));
            observer.promotion(p.name(), stage.name(), "failed");
            return;
        }
        Pipeline.WriteTarget w = stage.writeBack();
        emit(st, "started:" + p.name() + ":" + stage.name() + ":" + f.id() + ":" + commit,
                new PromotionStarted(p.name(), stage.name(), f.id(), f.images(), prom.kind(), stage.application(),
                        RepositoryUrls.canonical(w.repoURL()), w.branch(), w.path(), commit, approvers,
                        prom.kind() == Kind.ROLLBACK));
        scheduleTimeout(p, stage, f.id(), commit, clock.instant().plus(stage.timeout()));
    }

    private void scheduleTimeout(Pipeline p, Pipeline.Stage stage, String freight, String commit, Instant when) {
        timers.at(when, "timeout:" + p.name() + ":" + stage.name(), () -> {
            PipelineState.Promotion prom = state(p.name()).stage(stage.name()).promotion().orElse(null);
            if (prom != null && freight.equals(prom.freight()) && commit.equals(prom.commit())) {
                fail(p, stage, prom, stage.application() + " was not synced and healthy at " + shortSha(commit)
                        + " within " + stage.timeout());
            }
        });
    }

    private String block(Pipeline p, Pipeline.Stage stage, String freight, Gate gate, String message, List<String> approvals,
                         int required, Instant until) {
        PipelineState st = state(p.name());
        PipelineState.Blocked now = st.stage(stage.name()).blocked().orElse(null);
        boolean same = now != null && now.freight().equals(freight) && now.gate() == gate && now.message().equals(message);
        if (!same) {
            emit(st, "blocked:" + p.name() + ":" + stage.name() + ":" + freight + ":" + gate + ":" + Integer.toHexString(message.hashCode()),
                    new PromotionBlocked(p.name(), stage.name(), freight, gate, message, approvals, required, until));
        }
        return gate + ": " + message;
    }

    private void emit(PipelineState st, String id, PromotionEvent event) {
        events.publish(id, event);
        st.apply(event, clock.instant());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private boolean contains(Pipeline.Stage stage, String revision, String commit) {
        if (revision.equals(commit)) return true;
        try {
            return git.contains(stage.writeBack().repoURL(), revision, commit);
        } catch (Exception e) {
            LOG.warnf("cannot tell whether %s contains %s (%s); waiting for the next sync", revision, commit, e.getMessage());
            return false;
        }
    }

    private static boolean sameTarget(Pipeline.WriteTarget w, String repository, String branch, String path) {
        return RepositoryUrls.names(w.repoURL(), repository) && w.branch().equals(branch)
                && w.path().equals(path);
    }

    /** What an API action is about, resolved: 404 for an unknown pipeline, stage or freight. */
    private record Target(Pipeline pipeline, int index, Pipeline.Stage stage, PipelineState state, String freight) {
        PipelineState.Stage stageState() {
            return state.stage(stage.name());
        }
    }

    /**
     * Resolves what an action is about (404 for an unknown pipeline, stage or freight) and checks that the caller is
     * one of the stage's approvers (403: "{@code <user> may not <verb> <pipeline>/<stage>}").
     */
    private Target target(String pipeline, String stageName, String freightRef, String user, Set<String> groups, String verb) {
        Pipeline p = pipeline(pipeline);
        int i = stageIndex(p, stageName);
        PipelineState st = state(p.name());
        Target t = new Target(p, i, p.stages().get(i), st, freightRef == null ? null : resolveFreight(st, freightRef));
        if (!t.stage().gates().approvals().allows(user, groups)) {
            throw new Denied(user + " may not " + verb + " " + p.name() + "/" + stageName);
        }
        return t;
    }

    private Pipeline pipeline(String name) {
        return pipelines.get(name).orElseThrow(() -> new NotFound("no pipeline " + name));
    }

    private static int stageIndex(Pipeline p, String stage) {
        int i = p.indexOf(stage);
        if (i < 0) throw new NotFound("pipeline " + p.name() + " has no stage " + stage);
        return i;
    }

    private static String resolveFreight(PipelineState st, String ref) {
        if (ref == null || ref.length() < 6) throw new NotFound("name freight by its id or a prefix of at least 6 characters");
        List<String> matches = st.freightMatching(ref);
        if (matches.isEmpty()) throw new NotFound("no freight " + ref + " in pipeline " + st.pipeline());
        if (matches.size() > 1) throw new Conflict("freight prefix " + ref + " is ambiguous: " + matches);
        return matches.get(0);
    }

    private static String describeApprovers(Pipeline.Approvals rules) {
        List<String> who = new ArrayList<>();
        rules.groups().forEach(g -> who.add("group " + g));
        rules.users().forEach(u -> who.add(u));
        return who.isEmpty() ? "" : " from " + String.join(", ", who);
    }

    private static Map<String, Object> freightVariables(PipelineState st, String freight) {
        Freight f = st.freight(freight).orElseThrow();
        List<Object> images = new ArrayList<>();
        for (FreightImage i : f.images()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", i.image());
            m.put("tag", i.tag());
            m.put("digest", i.digest() == null ? "" : i.digest());
            images.add(m);
        }
        return Map.of("id", f.id(), "images", images, "createdAt", f.createdAt().toString());
    }

    private static Map<String, Object> stageVariables(Pipeline p, int i, PipelineState st) {
        Pipeline.Stage stage = p.stages().get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", stage.name());
        m.put("application", stage.application());
        m.put("previous", i > 0 ? p.stages().get(i - 1).name() : "");
        m.put("previousVerifiedAt", i > 0 ? st.stage(p.stages().get(i - 1).name()).verifiedAt().map(Instant::toString).orElse("") : "");
        return m;
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
