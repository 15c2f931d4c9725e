package dev.conveyor.bench;

import com.sun.net.httpserver.HttpServer;
import dev.conveyor.local.KafkaBrokerProcess;
import dev.conveyor.local.LocalStack;
import dev.conveyor.local.Ports;
import dev.conveyor.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jgit.api.Git;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The notifier under load, as separate processes on 127.0.0.1: a real Kafka broker, the notifier (its packaged jar),
 * a control repository on disk with N Subscriptions, and one local HTTP receiver standing in for a webhook
 * destination. Prints figures; asserts nothing; every wait is bounded.
 *
 * <p>(1) fan-out: E events, each matching all N subscriptions → E×N signed webhook deliveries; events/s and
 * deliveries/s from the first publish to the last delivery. (2) forced redelivery: the notifier is stopped (SIGTERM),
 * its group's offsets rewound to 0, and it is started again — every event is read a second time; duplicates = requests
 * minus distinct delivery ids. (3) the same after a kill -9 in the middle of a second stream: the honest size of the
 * window between a send and its record.
 *
 * <p>Options: {@code --events E} (default 2000), {@code --subscriptions N} (default 5).
 */
public final class NotifierBench {

    private static final String TOPIC = "conveyor.bench";
    private static final String TYPE = "dev.conveyor.bench.fanout.v1";
    private static final String GROUP = "conveyor-notifier";

    private final Map<String, AtomicLong> byDelivery = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server answers small requests late without TCP_NODELAY (delayed ACKs, ~40 ms): the
        // receiver would be measured, not the notifier.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int status = 0;
        try {
            new NotifierBench().run(intArg(args, "--events", 2000), intArg(args, "--subscriptions", 5));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the receiver's worker threads would keep the JVM alive
    }

    void run(int events, int subscriptions) throws Exception {
        Path state = Path.of("bench/target/notifier-bench").toAbsolutePath();
        LocalStack.deleteRecursively(state);
        Path logs = Files.createDirectories(state.resolve("logs"));
        String controlUrl = controlRepository(state.resolve("control"), subscriptions);

        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("X-Conveyor-Delivery");
            byDelivery.computeIfAbsent(id == null ? "?" : id, k -> new AtomicLong()).incrementAndGet();
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 2);
            try (OutputStream o = ex.getResponseBody()) {
                o.write("ok".getBytes(StandardCharsets.UTF_8));
            }
        });
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(state, Path.of("local/target/libs"), Ports.free(), Ports.free())) {
            kafka.start(Duration.ofSeconds(60));
            KafkaBrokerProcess.createTopics(kafka.bootstrapServers(), Set.of(TOPIC), 3);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("CONVEYOR_NOTIFIER_TOPICS", TOPIC);
            env.put("CONVEYOR_NOTIFIER_DECLARATIONS_REPO_URL", controlUrl);
            env.put("CONVEYOR_NOTIFIER_GIT_CACHE_DIR", state.resolve("notifier-git").toString());
            env.put("CONVEYOR_NOTIFIER_DESTINATIONS_BENCH_KIND", "webhook");
            env.put("CONVEYOR_NOTIFIER_DESTINATIONS_BENCH_URL", hookUrl);
            env.put("CONVEYOR_NOTIFIER_DESTINATIONS_BENCH_SIGNING_KEY", "bench-signing-key");
            env.put("QUARKUS_LOG_LEVEL", "WARN");
            Path jar = Path.of("services/notifier/target/quarkus-app/quarkus-run.jar");
            System.out.printf("notifier benchmark: %d events x %d subscriptions -> one local webhook receiver; machine: "
                    + "%d cores, Java %s%n", events, subscriptions, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {

                // (1) fan-out throughput
                ServiceProcess notifier = new ServiceProcess("notifier", jar, Ports.free(), logs);
                notifier.start(env, Duration.ofSeconds(90));
                long expected = (long) events * subscriptions;
                long t0 = System.nanoTime();
                publish(producer, "run1-", events);
                long published = System.nanoTime();
                await("fan-out", Duration.ofSeconds(90), () -> byDelivery.size() >= expected);
                long t1 = System.nanoTime();
                double seconds = (t1 - t0) / 1e9;
                System.out.printf("(1) fan-out: %d events published in %.2f s; %d deliveries in %.2f s -> %.0f events/s, "
                                + "%.0f deliveries/s%n", events, (published - t0) / 1e9, expected, seconds,
                        events / seconds, expected / seconds);

                // (2) forced redelivery of everything: stop, rewind the group, start
                await("offsets committed", Duration.ofSeconds(60), () -> caughtUp(kafka.bootstrapServers()));
                long before = requests.get();
                notifier.close();
                rewind(kafka.bootstrapServers());
                notifier = new ServiceProcess("notifier-2", jar, Ports.free(), logs);
                long r0 = System.nanoTime();
                notifier.start(env, Duration.ofSeconds(90));
                publish(producer, "marker-", 1);
                await("marker", Duration.ofSeconds(90), () -> byDelivery.size() >= expected + subscriptions);
                await("redelivered events re-read", Duration.ofSeconds(90), () -> caughtUp(kafka.bootstrapServers()));
                long r1 = System.nanoTime();
                long duplicates = requests.get() - before - subscriptions;
                System.out.printf("(2) forced redelivery of %d events (%d deliveries): %d duplicate sends; restart + "
                        + "re-read took %.2f s%n", events, expected, duplicates, (r1 - r0) / 1e9);

                // (3) kill -9 in the middle of a stream, then start again
                long beforeKill = requests.get();
                int distinctBefore = byDelivery.size();
                publish(producer, "run3-", events);
                long target = distinctBefore + (long) events * subscriptions / 3;
                await("a third of run 3", Duration.ofSeconds(90), () -> byDelivery.size() >= target);
                long killedAt = byDelivery.size();
                ProcessHandle.current().children().filter(p -> p.info().commandLine().orElse("").contains("services/notifier/target/quarkus-app"))
                        .forEach(ProcessHandle::destroyForcibly);
                notifier.close();
                notifier = new ServiceProcess("notifier-3", jar, Ports.free(), logs);
                notifier.start(env, Duration.ofSeconds(90));
                long expected3 = distinctBefore + (long) events * subscriptions;
                await("run 3", Duration.ofSeconds(90), () -> byDelivery.size() >= expected3);
                await("run 3 committed", Duration.ofSeconds(60), () -> caughtUp(kafka.bootstrapServers()));
                long dup3 = requests.get() - beforeKill - (long) events * subscriptions;
                System.out.printf("(3) kill -9 after %d of %d deliveries, then restart: %d duplicate sends (sent but not "
                        + "yet recorded when killed)%n", killedAt - distinctBefore, (long) events * subscriptions, dup3);
                notifier.close();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, String prefix, int n) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPIC, "app-" + (i % 50),
                    ("{\"application\":\"app-" + (i % 50) + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            header(r, "ce_specversion", "1.0");
            header(r, "ce_id", prefix + i);
            header(r, "ce_type", TYPE);
            header(r, "ce_source", "/conveyor/bench");
            header(r, "ce_subject", "app-" + (i % 50));
            header(r, "ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString());
            header(r, "content-type", "application/json");
            sent.add(producer.send(r));
        }
        for (Future<?> f : sent) f.get();
    }

    private static void header(ProducerRecord<String, byte[]> r, String k, String v) {
        r.headers().add(k, v.getBytes(StandardCharsets.UTF_8));
    }

    /** A control repository (a plain Git repository read through file://) with N subscriptions to the one destination. */
    private static String controlRepository(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < n; i++) {
                yaml.append("""
                        apiVersion: conveyor.dev/v1alpha1
                        kind: Subscription
                        metadata: {name: fanout-%d}
                        spec:
                          events: [%s]
                          condition: data.n >= 0
                          destinations: [bench]
                        ---
                        """.formatted(i, TYPE));
            }
            Files.writeString(dir.resolve("subscriptions.yaml"), yaml.toString());
            git.add().addFilepattern("subscriptions.yaml").call();
            git.commit().setMessage("bench subscriptions").setAuthor("bench", "bench@example.com")
                    .setCommitter("bench", "bench@example.com").call();
        }
        return dir.toUri().toString();
    }

    private static boolean caughtUp(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue().offset()));
        } catch (Exception e) {
            return false;
        }
    }

    private static void rewind(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int p = 0; p < 3; p++) zero.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(GROUP, zero).all().get();
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(200); // the stopped member may still be leaving the group
                }
            }
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return def;
    }
}
