package dev.conveyor.testing.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Apache Kafka broker per test JVM: KRaft mode, combined broker + controller, started in-process with Kafka's
 * own test kit ({@code kafka-test-common-runtime}, an internal Kafka API: keep it on the BOM's Kafka version). Started
 * on first use (about four seconds), shared by every test class in the JVM, closed by a shutdown hook. Listeners bind to
 * loopback only.
 */
public final class EmbeddedKafka {

    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    private EmbeddedKafka() {
    }

    /** Starts the broker if it is not running yet and returns its bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            start();
        }
        return bootstrapServers;
    }

    private static void start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            bootstrapServers = kit.bootstrapServers();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafka::close, "embedded-kafka-shutdown"));
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded Kafka broker", e);
        }
    }

    private static synchronized void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                // Shutting down the JVM anyway; nothing to recover.
            } finally {
                cluster = null;
            }
        }
    }
}
