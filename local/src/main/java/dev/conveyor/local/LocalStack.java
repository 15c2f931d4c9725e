package dev.conveyor.local;

import dev.conveyor.testing.kube.RolloutSimulator;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.Topics;
import dev.conveyor.testing.auth.TestTokens;
import dev.conveyor.testing.registry.ImagePusher;
import dev.conveyor.testing.registry.RegistryProcess;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * Conveyor on one machine, on embedded defaults: a real Kafka broker process (KRaft), the five services as separate
 * processes on 127.0.0.1 (logs in {@code .local-stack/logs}), local Git repositories, Debian's docker-registry when
 * installed (otherwise {@link SimulatedRegistry}, which says so), and fabric8's in-memory Kubernetes API server — the
 * one stand-in, with a rollout simulator because it runs no controllers. {@link LocalConfig} points it at a real Kafka
 * and a real cluster instead (docs/local.md). Then it walks a change from push to production and prints each step with
 * its time: push → synced, new image tag → commit → dev synced → staging (automatic, after a soak) → prod waits for
 * approval → approved with the {@code conveyor} CLI → prod synced, and the Slack/PagerDuty messages the notifier sent
 * (to local receivers).
 *
 * <p>{@code --once} walks the scenario, checks its outcome (events in order, each stage's Git history, the objects in
 * the API server, the notifications, and that each change is one trace across the five services — {@link ChangeTrace})
 * and exits 0 only if all holds — CI runs it as the end-to-end test. Without it
 * the stack stays up until Ctrl-C, which stops everything it started; a second run starts clean.
 */
public final class LocalStack {

    private static final Path STATE = Path.of(".local-stack");
    /** Held so the level sticks: the in-memory API server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private static final Duration STEP = Duration.ofSeconds(90);

    private final List<AutoCloseable> started = new ArrayList<>();
    /** With {@code --bench N}: N image pushes through to prod, with the benchmark's gates, timed hop by hop. */
    private int benchmarkRuns;
    private final List<String> failures = new ArrayList<>();
    private LocalConfig config;
    private long t0;

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        int bench = 0;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--bench")) bench = Integer.parseInt(args[i + 1]);
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        LocalStack stack = new LocalStack();
        stack.benchmarkRuns = bench;
        try {
            stack.config = LocalConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("conveyor-local: " + e.getMessage());
            System.exit(2);
        }
        int code;
        try {
            code = stack.run(once || bench > 0);
        } catch (Exception e) {
            // exit (the shutdown hook stops what was started) rather than hang on the threads of what was started
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    int run(boolean once) throws Exception {
        Path libs = Path.of(System.getProperty("conveyor.local.libs", "local/target/libs"));
        deleteRecursively(STATE);
        Path logs = Files.createDirectories(STATE.resolve("logs"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "conveyor-local-stop"));
        t0 = System.nanoTime();

        // --- the parts ---------------------------------------------------------------------------------------
        Map<String, String> secrets = secrets();
        int ingestPort = Ports.fromEnvOrFree("CONVEYOR_INGEST_PORT");
        LocalRegistry registry = startRegistry(ingestPort, secrets);
        String image = registry.host() + "/acme/payments-api";
        DemoRepos repos = new DemoRepos(Files.createDirectories(STATE.resolve("git")), image, benchmarkRuns > 0,
                config.kubeContext().orElse(null), config.realCluster());
        say("git: app repository %s, control repository %s (Applications, ImagePolicy, Pipeline, Subscription)",
                repos.apps.url(), repos.control.url());

        KubernetesClient client;
        Map<String, String> syncerKube = new LinkedHashMap<>();
        if (config.realCluster()) {
            // The syncer applies to this cluster; the checks read from it. Its controllers roll out: no simulator.
            String kubeconfig = config.kubeconfig().orElseThrow().toString();
            Config kc = Config.fromKubeconfig(config.kubeContext().orElse(null), config.kubeconfig().orElseThrow().toFile());
            client = keep(new KubernetesClientBuilder().withConfig(kc).build());
            String version = kubernetesVersion(client, kc.getMasterUrl());
            syncerKube.put("KUBECONFIG", kubeconfig);
            // A context other than the current one: the Applications name it and the syncer reads it from the kubeconfig.
            config.kubeContext().ifPresent(c -> syncerKube.put("CONVEYOR_SYNCER_CLUSTERS_KUBECONFIG", kubeconfig));
            say("kubernetes: a real cluster (%s): %s, context %s of %s; no rollout simulator (the cluster's controllers roll out)",
                    version, kc.getMasterUrl(), kc.getCurrentContext() == null ? "?" : kc.getCurrentContext().getName(), kubeconfig);
        } else {
            KubernetesMockServer kube = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(),
                    new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
            kube.init(InetAddress.getByName("127.0.0.1"), 0);
            started.add(kube::destroy);
            client = kube.createClient();
            keep(new RolloutSimulator(client));
            String apiServer = client.getConfiguration().getMasterUrl();
            syncerKube.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer);
            syncerKube.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
            say("kubernetes: the in-memory API server (fabric8 mock, CRUD mode — the stand-in; no real kube-apiserver) at %s",
                    apiServer);
        }

        Receivers receivers = keep(new Receivers(LocalStack::say));
        TraceCollector traces = keep(new TraceCollector(config.otlpForward()));
        say("traces: an OTLP/HTTP receiver at %s; the five services export their spans to it (docs/tracing.md)%s",
                traces.endpoint(), config.otlpForward().map(u -> ", and it passes them on to " + u + " ("
                        + LocalConfig.OTLP_ENDPOINT + ")").orElse(""));

        Set<String> topics = Set.of(Topics.COMMITS, Topics.IMAGES, Topics.SYNC_REQUESTS, Topics.SYNCS, Topics.PROMOTIONS);
        String bootstrap;
        if (config.kafkaBootstrap().isPresent()) {
            bootstrap = config.kafkaBootstrap().get();
            Set<String> existed;
            try {
                existed = KafkaBrokerProcess.createTopics(bootstrap, topics, 3);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka at " + bootstrap + " (" + LocalConfig.KAFKA_BOOTSTRAP
                        + ") did not answer within 30 s", e);
            }
            say("kafka: the broker(s) at %s (%s; none started here), topics ready at %s%s", bootstrap,
                    LocalConfig.KAFKA_BOOTSTRAP, elapsed(), existed.isEmpty() ? ""
                            : "; these existed already, with what earlier runs wrote (the promoter replays "
                            + "conveyor.promotions: earlier freight shows too): " + String.join(", ", existed));
        } else {
            KafkaBrokerProcess kafka = keep(new KafkaBrokerProcess(STATE, libs, Ports.fromEnvOrFree("CONVEYOR_KAFKA_PORT"), Ports.free()));
            kafka.start(Duration.ofSeconds(60));
            bootstrap = kafka.bootstrapServers();
            KafkaBrokerProcess.createTopics(bootstrap, topics, 3);
            say("kafka: real broker (KRaft) at %s, ready at %s", bootstrap, elapsed());
        }

        EventLog log = keep(new EventLog(bootstrap, List.of(Topics.COMMITS, Topics.IMAGES, Topics.SYNCS, Topics.PROMOTIONS)));
        log.awaitAssigned(Duration.ofSeconds(30));

        Map<String, String> common = new LinkedHashMap<>(TestTokens.processEnvironment());
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.putAll(traces.serviceEnvironment());
        ServiceProcess ingest = service("webhook-ingest", ingestPort, logs, env(common, secrets));
        Map<String, String> syncerEnv = new LinkedHashMap<>(Map.of(
                "CONVEYOR_SYNCER_DECLARATIONS_REPO_URL", repos.control.url(),
                "CONVEYOR_SYNCER_DECLARATIONS_PATH", "apps",
                "CONVEYOR_SYNCER_GIT_CACHE_DIR", STATE.resolve("work/syncer").toAbsolutePath().toString(),
                "CONVEYOR_SYNCER_RESYNC_INTERVAL", "PT10M"));
        syncerEnv.putAll(syncerKube);
        ServiceProcess syncer = service("syncer", Ports.free(), logs, env(common, syncerEnv));
        ServiceProcess watcher = service("image-watcher", Ports.free(), logs, env(common, Map.of(
                "CONVEYOR_IMAGES_DECLARATIONS_REPO_URL", repos.control.url(),
                "CONVEYOR_IMAGES_DECLARATIONS_PATH", "images",
                "CONVEYOR_IMAGES_GIT_WORK_DIR", STATE.resolve("work/image-watcher").toAbsolutePath().toString())));
        ServiceProcess promoter = service("promoter", Ports.free(), logs, env(common, Map.of(
                "CONVEYOR_PROMOTER_DECLARATIONS_REPO_URL", repos.control.url(),
                "CONVEYOR_PROMOTER_DECLARATIONS_PATH", "pipelines",
                "CONVEYOR_PROMOTER_GIT_WORK_DIR", STATE.resolve("work/promoter").toAbsolutePath().toString())));
        Map<String, String> notifierEnv = new LinkedHashMap<>();
        notifierEnv.put("CONVEYOR_NOTIFIER_DECLARATIONS_REPO_URL", repos.control.url());
        notifierEnv.put("CONVEYOR_NOTIFIER_DECLARATIONS_PATH", "subscriptions");
        notifierEnv.put("CONVEYOR_NOTIFIER_GIT_CACHE_DIR", STATE.resolve("work/notifier").toAbsolutePath().toString());
        notifierEnv.put("CONVEYOR_NOTIFIER_DESTINATIONS_SLACK_KIND", "slack");
        notifierEnv.put("CONVEYOR_NOTIFIER_DESTINATIONS_SLACK_URL", receivers.slackUrl().toString());
        notifierEnv.put("CONVEYOR_NOTIFIER_DESTINATIONS_PAGERDUTY_KIND", "pagerduty");
        notifierEnv.put("CONVEYOR_NOTIFIER_DESTINATIONS_PAGERDUTY_BASE_URL", receivers.pagerDutyBase().toString());
        notifierEnv.put("CONVEYOR_NOTIFIER_DESTINATIONS_PAGERDUTY_ROUTING_KEY", "local-routing-key-" + UUID.randomUUID());
        notifierEnv.put("CONVEYOR_NOTIFIER_DEFAULTS_DESTINATIONS", "slack,pagerduty");
        notifierEnv.put("CONVEYOR_NOTIFIER_DEFAULTS_DIGEST_WINDOW", "PT2S");
        ServiceProcess notifier = service("notifier", Ports.free(), logs, env(common, notifierEnv));
        say("services ready at %s: webhook-ingest %s, syncer %s, image-watcher %s, promoter %s, notifier %s (logs: %s)",
                elapsed(), ingest.baseUri(), syncer.baseUri(), watcher.baseUri(), promoter.baseUri(), notifier.baseUri(), logs);
        writeEnvFile(secrets, syncer, promoter);

        if (benchmarkRuns > 0) {
            new EndToEndBench(log, registry, benchmarkRuns).run();
            return 0;
        }

        // --- the scenario ------------------------------------------------------------------------------------
        say("");
        say("scenario: a change from push to production");
        try {
            scenario(log, repos, registry, ingest, syncer, promoter, receivers, traces, client, secrets);
        } catch (Exception e) {
            failures.add(e.getMessage());
            say("✗ %s", e.getMessage());
        }
        if (once) {
            if (failures.isEmpty()) {
                say("--once: the scenario held: events in order, Git history per stage, API server objects, notifications, "
                        + "one trace per change");
                return 0;
            }
            say("--once: FAILED: %s (logs: %s)", String.join("; ", failures), logs);
            return 1;
        }
        say("");
        say("Conveyor is running. Try: set -a; . %s; set +a; bin/conveyor pipelines; bin/conveyor apps", STATE.resolve("env"));
        say("Ctrl-C stops everything this started.");
        stopped.await();
        return 0;
    }

    private void scenario(EventLog log, DemoRepos repos, LocalRegistry registry, ServiceProcess ingest,
                          ServiceProcess syncer, ServiceProcess promoter, Receivers receivers, TraceCollector traces,
                          KubernetesClient client, Map<String, String> secrets) throws Exception {
        for (String stage : DemoRepos.STAGES) {
            log.await(SyncCompleted.class, s -> s.application().equals("payments-" + stage)
                    && s.result() == SyncCompleted.Result.SUCCEEDED, STEP, "first sync of payments-" + stage);
        }
        step("1", "the Applications were declared: dev, staging and prod synced from Git (1.0.0)");

        long t = System.nanoTime();
        String sha = repos.apps.commit("payments: new greeting", Map.of("payments/base/settings.yaml", DemoRepos.settings("hello from Git")));
        giteaPush(ingest.baseUri(), secrets.get("CONVEYOR_INGEST_RECEIVERS_GITEA_SECRET"), repos.apps.url(), sha);
        for (String stage : DemoRepos.STAGES) log.healthyAt("payments-" + stage, sha, STEP);
        step("2", "git push %s → Gitea webhook → webhook-ingest → syncer: all three stages synced and healthy in %d ms",
                sha.substring(0, 8), ms(t));
        check(client.configMaps().inNamespace("payments-prod").withName("payments-settings").get().getData()
                .get("greeting").equals("hello from Git"), "the pushed ConfigMap is in payments-prod");

        t = System.nanoTime();
        ImagePusher.Pushed pushed = new ImagePusher(registry.baseUri()).push("acme/payments-api", "1.1.0", Instant.now());
        log.await(ImageTagged.class, i -> i.tag().equals("1.1.0"), STEP, "ImageTagged 1.1.0");
        step("3", "image 1.1.0 pushed to the registry; its notification became ImageTagged in %d ms", ms(t));
        ImageUpdated updated = log.await(ImageUpdated.class, u -> u.to().equals("1.1.0"), STEP, "ImageUpdated 1.1.0");
        check(pushed.digest().equals(updated.digest()), "the written digest is the pushed one");
        step("4", "image-watcher committed 1.1.0 to the dev overlay: %s (%d ms)", updated.commit().substring(0, 8), ms(t));
        log.healthyAt("payments-dev", updated.commit(), STEP);
        step("5", "dev synced and healthy at the image commit (%d ms)", ms(t));
        PromotionStarted staging = log.await(PromotionStarted.class, p -> p.stage().equals("staging"), STEP, "promotion to staging");
        step("6", "verified in dev, soaked 3 s: promoter committed freight %s to staging (%d ms)", staging.freight(), ms(t));
        log.await(PromotionSucceeded.class, p -> p.stage().equals("staging"), STEP, "staging healthy");
        PromotionBlocked waiting = log.await(PromotionBlocked.class, b -> b.stage().equals("prod")
                && b.gate() == PromotionBlocked.Gate.APPROVAL, STEP, "prod waiting for approval");
        step("7", "staging synced and healthy; prod waits: %s (%d ms)", waiting.message(), ms(t));

        String token = TestTokens.token("alice", "payments-leads");
        cli(token, syncer, promoter, "pipelines", "payments");
        long approved = System.nanoTime();
        int code = cli(token, syncer, promoter, "approve", "payments", "prod", staging.freight().substring(0, 10));
        check(code == 0, "conveyor approve exits 0");
        step("8", "alice (group payments-leads) approved with the conveyor CLI");
        PromotionStarted prod = log.await(PromotionStarted.class, p -> p.stage().equals("prod"), STEP, "promotion to prod");
        log.await(PromotionSucceeded.class, p -> p.stage().equals("prod"), STEP, "prod healthy");
        step("9", "prod synced and healthy at %s, %d ms after the approval; %d ms from the image push",
                prod.commit().substring(0, 8), ms(approved), ms(t));

        // Let the notifier's digest windows close, then show what people were told.
        Thread.sleep(4000);
        say("");
        say("notifications sent (to the local receivers, printed above as they arrived): %d Slack, %d PagerDuty",
                receivers.received().stream().filter(r -> r.destination().equals("slack")).count(),
                receivers.received().stream().filter(r -> r.destination().equals("pagerduty")).count());
        verify(log, repos, client, receivers, updated, staging, prod);

        // One trace per change: the Git push's, and the image push's from the registry to prod's Slack message.
        say("");
        String pushTrace = log.traceOf(e -> e instanceof CommitPushed c && c.after().equals(sha), STEP, "the push's CommitPushed");
        checkTrace("10", traces, pushTrace, "the Git push", ChangeTrace.pushToSync(DemoRepos.STAGES.size()));
        String imageTrace = log.traceOf(e -> e instanceof ImageTagged i && i.tag().equals("1.1.0"), STEP, "ImageTagged 1.1.0");
        checkTrace("11", traces, imageTrace, "the image push", ChangeTrace.imageToProduction("payments", DemoRepos.STAGES, "slack"));
        check(receivers.received().stream().anyMatch(r -> r.destination().equals("slack") && r.traceId().equals(imageTrace)
                && r.body().contains("payments reached prod")), "Slack's \"payments reached prod\" request carries the image push's trace");
    }

    private void checkTrace(String n, TraceCollector traces, String traceId, String change, List<ChangeTrace.Hop> hops)
            throws InterruptedException {
        if (traceId.isEmpty()) {
            check(false, change + "'s first event carries a trace");
            return;
        }
        List<String> missing = ChangeTrace.missing(traces, traceId, hops, Duration.ofSeconds(20));
        step(n, "one trace for %s — %s", change, ChangeTrace.summary(traces, traceId));
        ChangeTrace.timeline(traces, traceId, hops).forEach(line -> say("     %s", line));
        for (String hop : missing) check(false, "the trace of " + change + " shows: " + hop);
    }

    /** The end-to-end checks: order of events, Git history per stage, API objects, notification requests. */
    private void verify(EventLog log, DemoRepos repos, KubernetesClient client, Receivers receivers, ImageUpdated updated,
                        PromotionStarted staging, PromotionStarted prod) {
        List<Predicate<dev.conveyor.events.ConveyorEvent>> order = List.of(
                e -> e instanceof ImageTagged i && i.tag().equals("1.1.0"),
                e -> e instanceof ImageUpdated u && u.to().equals("1.1.0"),
                e -> e instanceof CommitPushed c && c.after().equals(updated.commit()),
                e -> e instanceof SyncCompleted s && s.application().equals("payments-dev") && updated.commit().equals(s.revision()),
                e -> e instanceof PromotionSucceeded p && p.stage().equals("dev"),
                e -> e instanceof PromotionStarted p && p.stage().equals("staging"),
                e -> e instanceof SyncCompleted s && s.application().equals("payments-staging") && staging.commit().equals(s.revision()),
                e -> e instanceof PromotionSucceeded p && p.stage().equals("staging"),
                e -> e instanceof PromotionBlocked b && b.stage().equals("prod"),
                e -> e instanceof PromotionStarted p && p.stage().equals("prod"),
                e -> e instanceof SyncCompleted s && s.application().equals("payments-prod") && prod.commit().equals(s.revision()),
                e -> e instanceof PromotionSucceeded p && p.stage().equals("prod"));
        int last = -1;
        for (int i = 0; i < order.size(); i++) {
            int at = log.indexOf(order.get(i));
            check(at > last, "event " + (i + 1) + " of the chain came after event " + i);
            last = Math.max(last, at);
        }
        List<String> history = repos.apps.remoteLog("main");
        check(history.stream().anyMatch(m -> m.startsWith("image: payments-api")), "dev's commit by the image-watcher is in Git");
        check(history.stream().anyMatch(m -> m.startsWith("promote payments " + staging.freight() + " to staging")),
                "staging's promotion commit is in Git");
        check(history.stream().anyMatch(m -> m.startsWith("promote payments " + prod.freight() + " to prod")
                && m.contains("Approved-by: alice")), "prod's promotion commit names the approver");
        for (String stage : DemoRepos.STAGES) {
            check(repos.apps.readRemote("main", "payments/overlays/" + stage + "/kustomization.yaml").contains("newTag: 1.1.0"),
                    stage + "'s overlay holds 1.1.0");
            Deployment d = client.apps().deployments().inNamespace("payments-" + stage).withName("payments-api").get();
            check(d != null && d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":1.1.0"),
                    "payments-" + stage + " runs 1.1.0 in the API server");
        }
        List<Receivers.Received> sent = receivers.received();
        check(sent.stream().anyMatch(r -> r.destination().equals("slack") && r.body().contains("payments reached prod")),
                "Slack heard that payments reached prod (the Subscription)");
        check(sent.stream().anyMatch(r -> r.destination().equals("slack") && r.body().toLowerCase().contains("approval")),
                "Slack heard that prod waits for approval (built-in)");
        check(sent.stream().anyMatch(r -> r.destination().equals("pagerduty")), "PagerDuty got its change events");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /**
     * Debian's docker-registry when installed (unless {@code CONVEYOR_LOCAL_REGISTRY=simulated}), else the simulated
     * registry; either POSTs its push notifications to webhook-ingest with the receiver's Authorization header.
     */
    private LocalRegistry startRegistry(int ingestPort, Map<String, String> secrets) throws Exception {
        URI webhook = URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/distribution");
        Map<String, String> headers = Map.of("Authorization", secrets.get("CONVEYOR_INGEST_RECEIVERS_DISTRIBUTION_SECRET"));
        boolean installed = RegistryProcess.binary().isPresent();
        if (config.registry() == LocalConfig.Registry.DOCKER_REGISTRY && !installed) {
            throw new IllegalStateException(LocalConfig.REGISTRY + "=docker-registry: " + RegistryProcess.missingMessage());
        }
        if (installed && config.registry() != LocalConfig.Registry.SIMULATED) {
            LocalRegistry registry = keep(LocalRegistry.of(RegistryProcess.builder().notifications(webhook, headers).start()));
            say("registry: Debian's docker-registry at %s, push notifications → webhook-ingest", registry.host());
            return registry;
        }
        SimulatedRegistry registry = keep(SimulatedRegistry.start(webhook, headers));
        say("registry: %s: pushes go to a simulated registry on 127.0.0.1 that sends the registry's real push notification"
                + " (%s, notifications → webhook-ingest)",
                installed ? LocalConfig.REGISTRY + "=simulated" : "docker-registry is not installed", registry.host());
        return registry;
    }

    /** The cluster's version; fails early when the cluster cannot be reached at all (an answer such as 403 will do). */
    private static String kubernetesVersion(KubernetesClient client, String url) {
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            return version == null ? "version not given" : version;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() > 0) return "version not readable: HTTP " + e.getCode();
            throw new IllegalStateException("the cluster at " + url + " (" + LocalConfig.KUBECONFIG + ") cannot be reached: "
                    + e.getMessage(), e);
        }
    }

    private int cli(String token, ServiceProcess syncer, ServiceProcess promoter, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KafkaBrokerProcess.javaBin(), "-jar", "cli/target/conveyor-cli-0.1.0-SNAPSHOT.jar"));
        command.addAll(List.of(args));
        say("   $ conveyor %s", String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CONVEYOR_TOKEN", token);
        pb.environment().put("CONVEYOR_SYNCER_URL", syncer.baseUri().toString());
        pb.environment().put("CONVEYOR_PROMOTER_URL", promoter.baseUri().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        out.lines().forEach(l -> say("     %s", l));
        return code;
    }

    private ServiceProcess service(String name, int port, Path logs, Map<String, String> env) throws Exception {
        ServiceProcess s = keep(new ServiceProcess(name, Path.of("services/" + name + "/target/quarkus-app/quarkus-run.jar"), port, logs));
        s.start(env, Duration.ofSeconds(120));
        return s;
    }

    private static Map<String, String> env(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        m.put("QUARKUS_LOG_CATEGORY__ORG_APACHE_KAFKA__LEVEL", "WARN");
        return m;
    }

    private Map<String, String> secrets() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("CONVEYOR_INGEST_RECEIVERS_GITEA_SECRET", randomSecret());
        secrets.put("CONVEYOR_INGEST_RECEIVERS_GITHUB_SECRET", randomSecret());
        secrets.put("CONVEYOR_INGEST_RECEIVERS_DISTRIBUTION_SECRET", "Bearer " + randomSecret());
        return secrets;
    }

    /** What a person needs to use the running stack: URLs, a token of the local demo issuer, the webhook secrets. */
    private void writeEnvFile(Map<String, String> secrets, ServiceProcess syncer, ServiceProcess promoter) throws IOException {
        Path file = STATE.resolve("env");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder env = new StringBuilder();
        secrets.forEach((k, v) -> env.append(k).append("='").append(v).append("'\n"));
        env.append("CONVEYOR_SYNCER_URL='").append(syncer.baseUri()).append("'\n");
        env.append("CONVEYOR_PROMOTER_URL='").append(promoter.baseUri()).append("'\n");
        env.append("# a token of the local demo issuer (its key exists only in this run): alice, payments-leads + conveyor-operators\n");
        env.append("CONVEYOR_TOKEN='").append(TestTokens.token("alice", "payments-leads", "conveyor-operators")).append("'\n");
        Files.writeString(file, env);
    }

    private static void giteaPush(URI ingest, String secret, String repoUrl, String sha) throws Exception {
        String body = """
                {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000001","after":"%s","compare_url":"",
                 "commits":[{"id":"%s","message":"payments: new greeting","url":"","author":{"name":"Dev","email":"dev@example.com","username":"dev"},
                   "added":[],"removed":[],"modified":["payments/base/settings.yaml"],"timestamp":"%s"}],
                 "repository":{"full_name":"acme/apps","clone_url":"%s","html_url":"%s"},
                 "pusher":{"login":"dev","email":"dev@example.com","username":"dev"}}
                """.formatted(sha, sha, Instant.now(), repoUrl, repoUrl);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ingest.resolve("/webhooks/gitea"))
                .header("Content-Type", "application/json").header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", hmacSha256Hex(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("the push webhook answered " + r.statusCode() + ": " + r.body());
    }

    private void step(String n, String format, Object... args) {
        say("%s  %s. %s", elapsed(), n, String.format(format, args));
    }

    private void check(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
            say("   ✗ %s", what);
        }
    }

    private String elapsed() {
        return String.format("[%6.1f s]", (System.nanoTime() - t0) / 1e9);
    }

    private <T extends AutoCloseable> T keep(T c) {
        started.add(c);
        return c;
    }

    private synchronized void stopAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
    }

    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    static synchronized void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
