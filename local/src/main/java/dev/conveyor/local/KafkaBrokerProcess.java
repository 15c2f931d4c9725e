package dev.conveyor.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller) as a child process, started from the Maven
 * artifacts in {@code libs}. Listens on 127.0.0.1 only; keeps its data under {@code stateDir}.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path stateDir;
    private final Path libs;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBrokerProcess(Path stateDir, Path libs, int port, int controllerPort) {
        this.stateDir = stateDir;
        this.libs = libs;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start(Duration timeout) throws IOException, InterruptedException {
        Path data = Files.createDirectories(stateDir.resolve("kafka-data"));
        Path logs = Files.createDirectories(stateDir.resolve("logs"));
        Path config = stateDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""));
        Path log4j = stateDir.resolve("kafka-log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.file.ref=file",
                "appender.file.type=File",
                "appender.file.name=file",
                "appender.file.fileName=" + logs.resolve("kafka.log").toAbsolutePath(),
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=%d{ISO8601} %-5p [%c] %m%n",
                "logger.kafka.name=kafka.server.KafkaRaftServer",
                "logger.kafka.level=INFO",
                ""));
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        run(timeout, log4j, logs.resolve("kafka-format.log"), "kafka.tools.StorageTool", "format",
                "-t", clusterId, "-c", config.toAbsolutePath().toString());
        process = java(log4j, logs.resolve("kafka.out"), "kafka.Kafka", config.toAbsolutePath().toString()).start();
        waitUntilReady(timeout);
    }

    private ProcessBuilder java(Path log4j, Path out, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx1g",
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", libs.toAbsolutePath() + "/*", mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    }

    private void run(Duration timeout, Path log4j, Path out, String mainClass, String... args) throws IOException, InterruptedException {
        Process p = java(log4j, out, mainClass, args).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(mainClass + " failed; see " + out);
        }
    }

    private void waitUntilReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Kafka exited with " + process.exitValue() + "; see " + stateDir.resolve("logs"));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                Thread.sleep(250);
            }
        }
        throw new IOException("Kafka did not become ready within " + timeout);
    }

    /**
     * Creates the topics that do not exist yet, with the broker's default replication factor (in production, Strimzi
     * KafkaTopic resources do this); a topic created meanwhile by someone else is fine. Returns those of
     * {@code topics} that existed already.
     */
    public static Set<String> createTopics(String bootstrapServers, Set<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(partitions), Optional.empty())).toList();
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                }
            }
            return topics.stream().filter(existing::contains).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
