package dev.conveyor.syncer.apply;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.apply.DiffEngine.Diff;
import dev.conveyor.syncer.apply.SyncReport.Action;
import dev.conveyor.syncer.apply.SyncReport.Change;
import dev.conveyor.syncer.health.HealthAssessor;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * One sync of one application against one cluster, as a chain of named steps, each safe to run again (a sync that
 * stopped half-way is finished by the next one):
 * <ol>
 *   <li><b>prepare</b> — settle namespaces ({@link Scopes}; a custom kind's scope comes from a CRD in the same sync,
 *       else from the API server's discovery), add {@link Tracking}, separate {@link Hooks}, check waves and
 *       duplicates; an empty render is refused unless {@code allowEmpty}. No writes.</li>
 *   <li><b>create the destination namespace</b> — {@code CreateNamespace=true} only, when missing.</li>
 *   <li><b>PreSync hooks</b>.</li>
 *   <li><b>sync waves</b>, ascending ({@link SyncOrder}): read and diff the wave's objects, then apply the out-of-sync
 *       and missing ones only, then — when a later wave or a PostSync hook waits for it — wait until every object of
 *       the wave is healthy (Degraded: stop, FAILED; still Progressing/Missing after the application's
 *       {@code healthTimeout}: stop, FAILED; Healthy, Suspended and Unknown count as done). The last wave is not
 *       waited for when no PostSync hook follows: like Argo CD, the sync is then done, and the application's health
 *       is reported apart.</li>
 *   <li><b>prune</b> ({@code syncPolicy.prune} or asked for in the request), in reverse wave order. With prune off
 *       the leftovers are only listed, kept in the inventory and mentioned in the message.</li>
 *   <li><b>PostSync hooks</b>.</li>
 *   <li>if any step failed: <b>SyncFail hooks</b>.</li>
 * </ol>
 * A dry run does every read and diff and reports WOULD_* actions; it writes nothing and waits for nothing.
 *
 * <p>Any API error becomes a FAILED report naming the object and quoting the API server; no exception escapes
 * {@link #sync}. Thread-safe: one executor per destination cluster can serve concurrent syncs of different
 * applications (the caller must not sync one application twice at once).
 */
public final class SyncExecutor {

    /** The sync option that selects {@link ServerSideApplier}. */
    public static final String SERVER_SIDE_APPLY = "ServerSideApply";
    /** The sync option that creates the destination namespace. */
    public static final String CREATE_NAMESPACE = "CreateNamespace";
    /** The sync option that keeps live values of ignored fields when an object is applied for another reason. */
    public static final String RESPECT_IGNORE_DIFFERENCES = "RespectIgnoreDifferences";

    /**
     * @param pollInterval     how long to sleep between health checks
     * @param forceConflicts   server-side apply takes over fields other managers own
     * @param conflictAttempts client-side apply: attempts in all on 409 Conflict
     */
    public record Settings(Duration pollInterval, boolean forceConflicts, int conflictAttempts) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), true, ClientSideApplier.DEFAULT_ATTEMPTS);

        public Settings {
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    private final KubernetesClient client;
    private final HealthAssessor health;
    private final SyncClock clock;
    private final Settings settings;
    private final DiffEngine diffEngine = new DiffEngine();

    /**
     * @param client the destination cluster's client (the caller resolves {@code destination.cluster} to it)
     * @param health how live objects' health is assessed
     * @param clock  time for the waits
     */
    public SyncExecutor(KubernetesClient client, HealthAssessor health, SyncClock clock, Settings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SyncExecutor(KubernetesClient client, HealthAssessor health) {
        this(client, health, SyncClock.system(), Settings.DEFAULTS);
    }

    /** Runs the sync; never throws: every failure is in the report. */
    public SyncReport sync(SyncRequest request) {
        Run run = new Run(request);
        try {
            boolean ok = run.step("prepare", run::prepare)
                    && run.step("create the destination namespace", run::createNamespace)
                    && run.step("PreSync hooks", () -> run.hooks(Hooks.Type.PRE_SYNC))
                    && run.step("sync waves", run::syncWaves)
                    && run.step("prune", run::prune)
                    && run.step("PostSync hooks", () -> run.hooks(Hooks.Type.POST_SYNC));
            if (!ok && !request.dryRun()) {
                run.step("SyncFail hooks", () -> run.hooks(Hooks.Type.SYNC_FAIL));
            }
        } catch (RuntimeException e) {
            run.fail("unexpected error: " + e, false);
        }
        return run.report();
    }

    private Applier applierFor(Application app) {
        return app.syncPolicy().option(SERVER_SIDE_APPLY)
                ? new ServerSideApplier(client, settings.forceConflicts())
                : new ClientSideApplier(client, settings.conflictAttempts());
    }

    @FunctionalInterface
    private interface Step {
        /** @return false when the sync must stop (the step has recorded why) */
        boolean run() throws InterruptedException;
    }

    /** A hook's end. */
    private record HookOutcome(boolean succeeded, String message) {
    }

    /** A failure about one object, already described; stops the step. */
    private static final class ObjectFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final boolean retryable;

        ObjectFailure(String message, boolean retryable) {
            super(message, null, false, false);
            this.retryable = retryable;
        }
    }

    /** The state of one sync. */
    private final class Run {
        private final SyncRequest request;
        private final Application app;
        private final Kube kube = new Kube(client);
        private final Applier applier;
        private final List<Change> changes = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private boolean retryable;

        private final List<GenericKubernetesResource> objects = new ArrayList<>();
        private final Map<Hooks.Type, List<GenericKubernetesResource>> hooks = new EnumMap<>(Hooks.Type.class);
        private final Set<String> definedKinds = new HashSet<>(); // group/kind defined by CRDs in the desired set
        private List<ResourceKey> leftovers;                      // tracked, not desired, still live after prune
        private boolean prepared;

        Run(SyncRequest request) {
            this.request = request;
            this.app = request.application();
            this.applier = applierFor(app);
        }

        boolean step(String name, Step step) {
            try {
                return step.run();
            } catch (ObjectFailure e) {
                fail(name + ": " + e.getMessage(), e.retryable);
            } catch (KubernetesClientException e) {
                fail(name + ": " + Kube.describe(e), Kube.retryable(e));
            } catch (IllegalArgumentException e) {
                fail(name + ": " + e.getMessage(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(name + ": interrupted", true);
            } catch (RuntimeException e) {
                fail(name + ": " + e, false);
            }
            return false;
        }

        /** Records a failure; the first one decides whether the sync is worth retrying as it is. */
        void fail(String message, boolean mayPassByItself) {
            if (failures.isEmpty()) {
                retryable = mayPassByItself;
            }
            failures.add(message);
        }

        // ---- prepare: plain Java; reads discovery only for custom kinds no CRD in this sync defines ---------------

        boolean prepare() {
            List<GenericKubernetesResource> rendered = request.desired();
            for (int i = 0; i < rendered.size(); i++) {
                GenericKubernetesResource object = rendered.get(i);
                if (object == null || object.getMetadata() == null || object.getKind() == null
                        || object.getApiVersion() == null || object.getMetadata().getName() == null) {
                    fail("prepare: rendered object #" + (i + 1) + " has no apiVersion, kind or metadata.name", false);
                    return false;
                }
            }
            Map<String, Scopes.Scope> customScopes = crdScopes(rendered);
            Set<ResourceKey> seen = new HashSet<>();
            for (GenericKubernetesResource manifest : rendered) {
                Scopes.Scope scope = scopeOf(manifest.getApiVersion(), manifest.getKind(), customScopes);
                GenericKubernetesResource object = Tracking.track(Scopes.settleNamespace(manifest, scope,
                        app.destination().namespace(), client.getNamespace()), app.name());
                ResourceKey key = ResourceKey.of(object);
                if (!seen.add(key)) {
                    fail("prepare: " + key + " is rendered twice", false);
                    return false;
                }
                SyncOrder.wave(object); // a malformed wave annotation fails here, naming the object
                Hooks.Type hook = Hooks.type(object).orElse(null);
                if (hook == null) {
                    objects.add(object);
                } else {
                    Hooks.deletePolicies(object);
                    hooks.computeIfAbsent(hook, h -> new ArrayList<>()).add(object);
                }
            }
            if (objects.isEmpty() && !app.syncPolicy().allowEmpty()) {
                fail("the render produced no objects and syncPolicy.allowEmpty is off: refusing to sync "
                        + "(it would prune everything the application manages)", false);
                return false;
            }
            prepared = true;
            return true;
        }

        /** group/kind → scope of the custom kinds the desired CustomResourceDefinitions define. */
        private Map<String, Scopes.Scope> crdScopes(List<GenericKubernetesResource> rendered) {
            Map<String, Scopes.Scope> scopes = new HashMap<>();
            for (GenericKubernetesResource object : rendered) {
                if (object.getKind().equals("CustomResourceDefinition")
                        && ResourceKey.groupOf(object.getApiVersion()).equals("apiextensions.k8s.io")
                        && object.get("spec", "group") instanceof String group
                        && object.get("spec", "names", "kind") instanceof String kind) {
                    scopes.put(group + "/" + kind,
                            "Cluster".equals(object.get("spec", "scope")) ? Scopes.Scope.CLUSTER : Scopes.Scope.NAMESPACED);
                }
            }
            definedKinds.addAll(scopes.keySet());
            return scopes;
        }

        /** Built-in knowledge first, then this sync's CRDs, then the API server's discovery (a read). */
        private Scopes.Scope scopeOf(String apiVersion, String kind, Map<String, Scopes.Scope> customScopes) {
            Scopes.Scope scope = Scopes.builtInScope(apiVersion, kind);
            if (scope != Scopes.Scope.UNKNOWN) {
                return scope;
            }
            return customScopes.computeIfAbsent(ResourceKey.groupOf(apiVersion) + "/" + kind,
                    groupKind -> kube.discoveredScope(apiVersion, kind));
        }

        // ---- destination namespace --------------------------------------------------------------------------------

        boolean createNamespace() {
            String namespace = app.destination().namespace();
            if (!app.syncPolicy().option(CREATE_NAMESPACE) || namespace == null || namespace.isBlank()) {
                return true;
            }
            ResourceKey key = ResourceKey.of("v1", "Namespace", null, namespace);
            if (objects.stream().anyMatch(o -> ResourceKey.of(o).equals(key)) || kube.get(key) != null) {
                return true; // declared in Git (applied in its wave), or already there
            }
            if (request.dryRun()) {
                changes.add(new Change(key, Action.WOULD_CREATE, "destination namespace (CreateNamespace=true)"));
                return true;
            }
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                        .build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: someone created it meanwhile
                    changes.add(new Change(key, Action.FAILED, "create failed: " + Kube.describe(e)));
                    fail(key + ": create failed: " + Kube.describe(e), Kube.retryable(e));
                    return false;
                }
            }
            changes.add(new Change(key, Action.CREATED, "destination namespace (CreateNamespace=true)"));
            return true;
        }

        // ---- sync waves -------------------------------------------------------------------------------------------

        boolean syncWaves() throws InterruptedException {
            List<Map.Entry<Integer, List<GenericKubernetesResource>>> waves =
                    new ArrayList<>(SyncOrder.waves(objects).entrySet());
            for (int i = 0; i < waves.size(); i++) {
                int wave = waves.get(i).getKey();
                List<GenericKubernetesResource> members = waves.get(i).getValue();
                List<Planned> plan = plan(members);
                if (request.dryRun()) {
                    plan.forEach(p -> changes.add(new Change(p.key(), wouldDo(p.diff()), p.diff().summary())));
                    continue;
                }
                if (!apply(wave, plan)) {
                    return false;
                }
                boolean somethingWaits = i < waves.size() - 1 || !hooks.getOrDefault(Hooks.Type.POST_SYNC, List.of()).isEmpty();
                if (somethingWaits && !awaitHealthy("wave " + wave, members)) {
                    return false;
                }
            }
            return true;
        }

        private record Planned(ResourceKey key, GenericKubernetesResource desired, GenericKubernetesResource live,
                               Diff diff) {
        }

        /** Reads and diffs; no writes. */
        private List<Planned> plan(List<GenericKubernetesResource> wave) {
            List<Planned> plan = new ArrayList<>();
            for (GenericKubernetesResource object : wave) {
                ResourceKey key = ResourceKey.of(object);
                GenericKubernetesResource live = read(key);
                GenericKubernetesResource desired = app.syncPolicy().option(RESPECT_IGNORE_DIFFERENCES)
                        ? diffEngine.respectIgnored(object, live, app.ignoreDifferences()) : object;
                plan.add(new Planned(key, desired, live, diffEngine.diff(desired, live, app.ignoreDifferences())));
            }
            return plan;
        }

        private boolean apply(int wave, List<Planned> plan) throws InterruptedException {
            boolean ok = true;
            for (Planned p : plan) {
                if (!p.diff().needsApply()) {
                    changes.add(new Change(p.key(), Action.UNCHANGED, "in sync"));
                    continue;
                }
                boolean create = p.diff().status() == DiffEngine.Status.MISSING;
                String verb = create ? "create" : "update";
                if (!awaitServed(p.key())) {
                    String why = "the cluster does not serve " + p.key().apiVersion() + " " + p.key().kind()
                            + " (is its CustomResourceDefinition installed?)";
                    changes.add(new Change(p.key(), Action.FAILED, why));
                    fail("wave " + wave + ": " + p.key() + ": " + why, false);
                    ok = false;
                    continue;
                }
                try {
                    applier.apply(p.desired(), p.live());
                    changes.add(new Change(p.key(), create ? Action.CREATED : Action.UPDATED,
                            create ? "created" : "updated: " + p.diff().summary()));
                } catch (KubernetesClientException e) {
                    changes.add(new Change(p.key(), Action.FAILED, verb + " failed: " + Kube.describe(e)));
                    fail("wave " + wave + ": " + p.key() + ": " + verb + " failed: " + Kube.describe(e), Kube.retryable(e));
                    ok = false; // the rest of the wave is still applied; the next wave is not
                }
            }
            return ok;
        }

        /** A custom resource whose CRD is part of this sync may need a moment before the API server serves it. */
        private boolean awaitServed(ResourceKey key) throws InterruptedException {
            if (kube.serves(key.apiVersion(), key.kind())) {
                return true;
            }
            if (!definedKinds.contains(key.group() + "/" + key.kind())) {
                return false;
            }
            Instant deadline = clock.now().plus(app.healthTimeout());
            while (clock.now().isBefore(deadline)) {
                clock.sleep(settings.pollInterval());
                if (kube.serves(key.apiVersion(), key.kind())) {
                    return true;
                }
            }
            return false;
        }

        /** Polls until every object is done (Healthy, Suspended, Unknown); false on Degraded or timeout. */
        private boolean awaitHealthy(String what, List<GenericKubernetesResource> wave) throws InterruptedException {
            Instant deadline = clock.now().plus(app.healthTimeout());
            while (true) {
                List<String> waiting = new ArrayList<>();
                for (GenericKubernetesResource object : wave) {
                    ResourceKey key = ResourceKey.of(object);
                    ResourceHealth h = health.assess(read(key));
                    Health state = h == null || h.health() == null ? Health.UNKNOWN : h.health();
                    String message = h == null || h.message() == null || h.message().isBlank() ? "" : ": " + h.message();
                    if (state == Health.DEGRADED) {
                        fail(what + ": " + key + " is Degraded" + message, false);
                        return false;
                    }
                    if (state == Health.PROGRESSING || state == Health.MISSING) {
                        waiting.add(key + " (" + state + message + ")");
                    }
                }
                if (waiting.isEmpty()) {
                    return true;
                }
                if (!clock.now().isBefore(deadline)) {
                    fail(what + ": not healthy after " + app.healthTimeout() + ": " + String.join(", ", waiting), false);
                    return false;
                }
                clock.sleep(settings.pollInterval());
            }
        }

        private GenericKubernetesResource read(ResourceKey key) {
            try {
                return kube.get(key);
            } catch (KubernetesClientException e) {
                throw new ObjectFailure(key + ": read failed: " + Kube.describe(e), Kube.retryable(e));
            }
        }

        // ---- hooks ------------------------------------------------------------------------------------------------

        boolean hooks(Hooks.Type type) throws InterruptedException {
            List<GenericKubernetesResource> ofType = hooks.getOrDefault(type, List.of());
            if (ofType.isEmpty()) {
                return true;
            }
            if (request.dryRun()) {
                ofType.stream().sorted(SyncOrder.APPLY_ORDER).forEach(h -> changes.add(
                        new Change(ResourceKey.of(h), Action.WOULD_CREATE, type.value() + " hook")));
                return true;
            }
            SortedMap<Integer, List<GenericKubernetesResource>> waves = SyncOrder.waves(ofType);
            for (List<GenericKubernetesResource> wave : waves.values()) {
                Map<ResourceKey, String> started = new LinkedHashMap<>();
                for (GenericKubernetesResource hook : wave) {
                    ResourceKey key = ResourceKey.of(hook);
                    try {
                        started.put(key, start(hook));
                    } catch (KubernetesClientException e) {
                        changes.add(new Change(key, Action.FAILED, type.value() + " hook: " + Kube.describe(e)));
                        fail(type.value() + " hook " + key + ": " + Kube.describe(e), Kube.retryable(e));
                        return false;
                    }
                }
                Map<ResourceKey, HookOutcome> outcomes = awaitHooks(wave);
                boolean ok = true;
                for (GenericKubernetesResource hook : wave) {
                    ResourceKey key = ResourceKey.of(hook);
                    HookOutcome outcome = outcomes.get(key);
                    String deleted = cleanUp(hook, outcome.succeeded());
                    String message = type.value() + " hook" + started.get(key)
                            + (outcome.succeeded() ? " succeeded" : " failed") + outcome.message() + deleted;
                    changes.add(new Change(key, outcome.succeeded() ? Action.CREATED : Action.FAILED, message));
                    if (!outcome.succeeded()) {
                        fail(type.value() + " hook " + key + " failed" + outcome.message(), false);
                        ok = false;
                    }
                }
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** Creates the hook (deleting the previous instance first, per policy); returns a note for the message. */
        private String start(GenericKubernetesResource hook) throws InterruptedException {
            ResourceKey key = ResourceKey.of(hook);
            GenericKubernetesResource previous = read(key);
            if (previous != null) {
                if (!Hooks.deletePolicies(hook).contains(Hooks.DeletePolicy.BEFORE_HOOK_CREATION)) {
                    return " (previous instance kept and reused, no BeforeHookCreation policy)";
                }
                kube.delete(key);
                awaitGone(key);
            }
            applier.apply(hook, null);
            return "";
        }

        private void awaitGone(ResourceKey key) throws InterruptedException {
            Instant deadline = clock.now().plus(app.healthTimeout());
            while (read(key) != null) {
                if (!clock.now().isBefore(deadline)) {
                    throw new ObjectFailure("the previous instance of hook " + key + " is still there after "
                            + app.healthTimeout(), true);
                }
                clock.sleep(settings.pollInterval());
            }
        }

        /** Healthy → succeeded, Degraded → failed, anything else: wait, up to the health timeout. */
        private Map<ResourceKey, HookOutcome> awaitHooks(List<GenericKubernetesResource> wave) throws InterruptedException {
            Map<ResourceKey, HookOutcome> outcomes = new LinkedHashMap<>();
            Map<ResourceKey, String> lastSeen = new LinkedHashMap<>();
            Instant deadline = clock.now().plus(app.healthTimeout());
            while (true) {
                for (GenericKubernetesResource hook : wave) {
                    ResourceKey key = ResourceKey.of(hook);
                    if (outcomes.containsKey(key)) {
                        continue;
                    }
                    ResourceHealth h = health.assess(read(key));
                    Health state = h == null || h.health() == null ? Health.UNKNOWN : h.health();
                    String message = h == null || h.message() == null || h.message().isBlank() ? "" : ": " + h.message();
                    if (state == Health.HEALTHY) {
                        outcomes.put(key, new HookOutcome(true, message));
                    } else if (state == Health.DEGRADED) {
                        outcomes.put(key, new HookOutcome(false, message));
                    } else {
                        lastSeen.put(key, state + message);
                    }
                }
                if (outcomes.size() == wave.size()) {
                    return outcomes;
                }
                if (!clock.now().isBefore(deadline)) {
                    for (GenericKubernetesResource hook : wave) {
                        outcomes.computeIfAbsent(ResourceKey.of(hook), k -> new HookOutcome(false,
                                ": not finished after " + app.healthTimeout() + " (" + lastSeen.get(k) + ")"));
                    }
                    return outcomes;
                }
                clock.sleep(settings.pollInterval());
            }
        }

        /** HookSucceeded / HookFailed; returns a note for the message. A failed deletion is noted, not fatal. */
        private String cleanUp(GenericKubernetesResource hook, boolean succeeded) {
            Set<Hooks.DeletePolicy> policies = Hooks.deletePolicies(hook);
            Hooks.DeletePolicy policy = succeeded ? Hooks.DeletePolicy.HOOK_SUCCEEDED : Hooks.DeletePolicy.HOOK_FAILED;
            if (!policies.contains(policy)) {
                return "";
            }
            try {
                kube.delete(ResourceKey.of(hook));
                return "; deleted (" + policy.value() + ")";
            } catch (KubernetesClientException e) {
                return "; delete (" + policy.value() + ") failed: " + Kube.describe(e);
            }
        }

        // ---- prune ------------------------------------------------------------------------------------------------

        boolean prune() {
            List<ResourceKey> desired = objects.stream().map(ResourceKey::of).toList();
            Pruner pruner = new Pruner(kube);
            if (!request.prune() && !app.syncPolicy().prune()) {
                leftovers = pruner.candidates(app.name(), desired, request.previousInventory()).stream()
                        .map(ResourceKey::of).toList();
                return true;
            }
            Pruner.Result result = pruner.prune(new Pruner.Request(app.name(), desired, request.previousInventory(),
                    true, app.syncPolicy().allowEmpty(), request.dryRun()));
            if (result.refused()) {
                fail("prune: " + result.refusal(), false);
                return false;
            }
            changes.addAll(result.changes());
            leftovers = request.dryRun() ? List.of() : result.remaining();
            result.changes().stream().filter(c -> c.action() == Action.FAILED)
                    .forEach(c -> fail("prune: " + c.key() + ": " + c.message(), true));
            return !result.failed();
        }

        // ---- report -----------------------------------------------------------------------------------------------

        SyncReport report() {
            boolean failed = !failures.isEmpty();
            SyncReport.Result result = failed ? SyncReport.Result.FAILED
                    : request.dryRun() ? SyncReport.Result.DRY_RUN : SyncReport.Result.SUCCEEDED;
            List<ResourceKey> desired = objects.stream().map(ResourceKey::of).toList();
            Inventory inventory;
            if (request.dryRun()) {
                inventory = request.previousInventory();
            } else if (!prepared) {
                inventory = request.previousInventory();
            } else if (leftovers != null) {
                inventory = Inventory.of(desired).plus(leftovers);
            } else {
                inventory = Inventory.of(desired).plus(request.previousInventory().resources());
            }
            List<ResourceKey> notPruned = leftovers == null ? List.of() : leftovers;
            boolean inSync = !failed && notPruned.isEmpty() && (!request.dryRun() || changes.stream()
                    .allMatch(c -> c.action() == Action.UNCHANGED));
            return SyncReport.of(result, changes, message(result, notPruned), inventory, inSync, failed && retryable);
        }

        private String message(SyncReport.Result result, List<ResourceKey> notPruned) {
            if (result == SyncReport.Result.FAILED) {
                return String.join("; ", failures);
            }
            SyncReport counts = SyncReport.of(result, changes, "", Inventory.EMPTY, false, false);
            String revision = request.revision() == null ? "" : " " + request.revision();
            String text = result == SyncReport.Result.DRY_RUN
                    ? String.format("dry run of%s: would create %d, update %d, prune %d; %d unchanged", revision,
                    counts.created(), counts.updated(), counts.pruned(), counts.unchanged())
                    : String.format("synced%s: %d created, %d updated, %d pruned, %d unchanged", revision,
                    counts.created(), counts.updated(), counts.pruned(), counts.unchanged());
            if (!notPruned.isEmpty()) {
                text += "; " + notPruned.size() + " no longer in Git, not pruned (prune is off): "
                        + notPruned.stream().limit(DiffEngine.MAX_LISTED).map(ResourceKey::toString)
                        .collect(Collectors.joining(", "));
            }
            return text;
        }

        private Action wouldDo(Diff diff) {
            return switch (diff.status()) {
                case MISSING -> Action.WOULD_CREATE;
                case OUT_OF_SYNC -> Action.WOULD_UPDATE;
                case IN_SYNC -> Action.UNCHANGED;
            };
        }
    }
}
