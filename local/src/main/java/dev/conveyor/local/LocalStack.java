package dev.conveyor.local;

import dev.conveyor.events.Topics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * Conveyor on one machine, on embedded defaults: a real Kafka broker process (KRaft) and webhook-ingest as a separate
 * process, both on 127.0.0.1, state and logs under {@code .local-stack/} (wiped at every start, so a second run starts
 * clean). Sends a signed GitHub push and a Docker Hub push through the real HTTP endpoint, prints the events as they
 * land on Kafka, then keeps running until Ctrl-C ({@code --once}: stop after the demo).
 *
 * <p>Point it at your own Kafka with {@code KAFKA_BOOTSTRAP_SERVERS} (then no broker is started).
 */
public final class LocalStack {

    private static final Path STATE = Path.of(".local-stack");

    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        Path libs = Path.of(System.getProperty("conveyor.local.libs", "local/target/libs"));
        Path ingestJar = Path.of("services/webhook-ingest/target/quarkus-app/quarkus-run.jar");
        deleteRecursively(STATE);
        Path logs = Files.createDirectories(STATE.resolve("logs"));

        long t0 = System.nanoTime();
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        KafkaBrokerProcess kafka = external == null || external.isBlank()
                ? new KafkaBrokerProcess(STATE, libs, Ports.fromEnvOrFree("CONVEYOR_KAFKA_PORT"), Ports.free()) : null;
        String bootstrap = kafka != null ? kafka.bootstrapServers() : external;
        ServiceProcess ingest = new ServiceProcess("webhook-ingest", ingestJar, Ports.fromEnvOrFree("CONVEYOR_INGEST_PORT"), logs);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping: webhook-ingest, Kafka");
            closeQuietly(ingest);
            if (kafka != null) closeQuietly(kafka);
            stopped.countDown();
        }, "conveyor-local-stop"));

        if (kafka != null) {
            say("starting Kafka (real broker, KRaft, 127.0.0.1) ...");
            kafka.start(Duration.ofSeconds(60));
            say("Kafka ready at %s in %d ms (logs: %s)", bootstrap, ms(t0), logs.resolve("kafka.log"));
        } else {
            say("using the Kafka at %s (KAFKA_BOOTSTRAP_SERVERS)", bootstrap);
        }
        KafkaBrokerProcess.createTopics(bootstrap, Set.of(Topics.COMMITS, Topics.IMAGES), 3);

        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("CONVEYOR_INGEST_RECEIVERS_GITHUB_SECRET", randomSecret());
        secrets.put("CONVEYOR_INGEST_RECEIVERS_GITLAB_SECRET", randomSecret());
        secrets.put("CONVEYOR_INGEST_RECEIVERS_DOCKERHUB_SECRET", randomSecret());
        secrets.put("CONVEYOR_INGEST_RECEIVERS_DISTRIBUTION_SECRET", "Bearer " + randomSecret());
        Path secretsFile = STATE.resolve("secrets.env");
        Files.createFile(secretsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder env = new StringBuilder();
        secrets.forEach((k, v) -> env.append(k).append("='").append(v).append("'\n"));
        Files.writeString(secretsFile, env);

        long t1 = System.nanoTime();
        Map<String, String> ingestEnv = new LinkedHashMap<>(secrets);
        ingestEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        ingest.start(ingestEnv, Duration.ofSeconds(60));
        URI base = ingest.baseUri();
        say("webhook-ingest ready at %s in %d ms (logs: %s; secrets for this run: %s)", base, ms(t1), ingest.logFile(), secretsFile);

        try (EventPrinter printer = new EventPrinter(bootstrap, List.of(Topics.COMMITS, Topics.IMAGES), LocalStack::say)) {
            printer.awaitAssigned(Duration.ofSeconds(30));
            say("");
            say("demo: a signed GitHub push through the real HTTP endpoint");
            byte[] push = resource("/demo/github-push.json");
            post(base.resolve("/webhooks/github"), push, Map.of(
                    "X-GitHub-Event", "push",
                    "X-GitHub-Delivery", UUID.randomUUID().toString(),
                    "X-Hub-Signature-256", "sha256=" + hmacSha256Hex(secrets.get("CONVEYOR_INGEST_RECEIVERS_GITHUB_SECRET"), push)));
            Thread.sleep(700);
            say("demo: a Docker Hub push (Docker Hub cannot sign: the token is in the URL path)");
            post(base.resolve("/webhooks/dockerhub/" + secrets.get("CONVEYOR_INGEST_RECEIVERS_DOCKERHUB_SECRET")),
                    resource("/demo/dockerhub-push.json"), Map.of());
            Thread.sleep(700);
            say("demo: the same GitHub push signed with a wrong secret");
            post(base.resolve("/webhooks/github"), push, Map.of("X-GitHub-Event", "push",
                    "X-Hub-Signature-256", "sha256=" + hmacSha256Hex("forged", push)));
            Thread.sleep(700);
            say("");
            say("metrics: %s   health: %s", base.resolve("/q/metrics"), base.resolve("/q/health"));
            if (once) {
                say("--once: done, stopping");
                System.exit(0);
            }
            say("Conveyor is running. Send your own webhooks, e.g.:");
            say("  set -a; . %s; set +a", secretsFile);
            say("  body='{\"push_data\":{\"tag\":\"2.0.0\"},\"repository\":{\"repo_name\":\"me/app\"}}'");
            say("  curl -i -H 'Content-Type: application/json' -d \"$body\" %swebhooks/dockerhub/$CONVEYOR_INGEST_RECEIVERS_DOCKERHUB_SECRET", base);
            say("Events are printed below as they arrive. Ctrl-C stops everything this started.");
            stopped.await();
        }
    }

    private static void post(URI uri, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        long t = System.nanoTime();
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        say("  → POST %s  %d in %.1f ms  %s", uri.getPath().replaceAll("(/webhooks/[a-z-]+/).+", "$1<token>"),
                r.statusCode(), (System.nanoTime() - t) / 1e6, r.body());
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

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LocalStack.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing " + name);
            return in.readAllBytes();
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    static synchronized void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("while stopping: " + e);
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
