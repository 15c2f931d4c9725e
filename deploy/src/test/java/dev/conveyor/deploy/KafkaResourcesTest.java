package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.deploy.RenderedObjects.Obj;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Strimzi resources (which fabric8's model does not know, so their shape is checked here): a KafkaTopic for every
 * topic the code uses — read from the event contracts' Topics class and the notifier's configuration defaults, so a
 * new topic in code without a KafkaTopic fails — with the retention each needs, and replication per overlay.
 */
class KafkaResourcesTest {

    static Set<String> topicsInCode() {
        Set<String> topics = new LinkedHashSet<>();
        Matcher m = Pattern.compile("String \\w+ = \"(conveyor\\.[a-z.-]+)\"")
                .matcher(Repo.read("schemas/src/main/java/dev/conveyor/events/Topics.java"));
        while (m.find()) {
            topics.add(m.group(1));
        }
        Matcher d = Pattern.compile("@WithDefault\\(\"(conveyor\\.notifier\\.[a-z.-]+)\"\\)")
                .matcher(Repo.read("services/notifier/src/main/java/dev/conveyor/notifier/NotifierConfig.java"));
        while (d.find()) {
            topics.add(d.group(1));
        }
        return topics;
    }

    static Map<String, JsonNode> topics(String overlay) {
        return KustomizeOverlaysTest.render(overlay).stream().filter(o -> o.kind().equals("KafkaTopic"))
                .collect(Collectors.toMap(Obj::name, Obj::tree));
    }

    @Test
    void everyTopicTheCodeUsesIsDeclared() {
        Set<String> inCode = topicsInCode();
        assertThat(inCode).contains("conveyor.commits", "conveyor.promotions", "conveyor.notifier.deliveries", "conveyor.notifier.dead-letters");
        for (String overlay : List.of("small", "ha")) {
            Map<String, JsonNode> topics = topics(overlay);
            assertThat(topics.keySet()).as(overlay + " KafkaTopics").containsExactlyInAnyOrderElementsOf(inCode);
            for (JsonNode t : topics.values()) {
                String name = t.path("metadata").path("name").asText();
                assertThat(t.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
                assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(name + " cluster").isEqualTo("conveyor-kafka");
                assertThat(t.path("spec").path("partitions").asInt()).as(name + " partitions").isPositive();
                JsonNode config = t.path("spec").path("config");
                assertThat(config.has("retention.ms") || config.path("cleanup.policy").asText().equals("compact"))
                        .as(name + " says how long it keeps records").isTrue();
            }
            JsonNode promotions = topics.get("conveyor.promotions").path("spec").path("config");
            assertThat(promotions.path("retention.ms").asLong()).as("conveyor.promotions is the promoter's state: kept for ever").isEqualTo(-1);
            assertThat(promotions.path("retention.bytes").asLong()).isEqualTo(-1);
            assertThat(promotions.path("cleanup.policy").asText()).isEqualTo("delete");
            JsonNode deliveries = topics.get("conveyor.notifier.deliveries").path("spec");
            assertThat(deliveries.path("config").path("cleanup.policy").asText()).isEqualTo("compact");
            assertThat(deliveries.path("partitions").asInt()).as("deliveries read back in order").isEqualTo(1);
        }
    }

    @Test
    void replicationPerOverlay() {
        Map<String, Integer> expected = Map.of("small", 1, "ha", 3);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            List<Obj> objects = KustomizeOverlaysTest.render(e.getKey());
            Map<String, JsonNode> byKind = objects.stream().filter(o -> o.kind().startsWith("Kafka") && !o.kind().equals("KafkaTopic"))
                    .collect(Collectors.toMap(Obj::kind, Obj::tree));
            JsonNode pool = byKind.get("KafkaNodePool");
            JsonNode kafka = byKind.get("Kafka");
            assertThat(pool.path("spec").path("replicas").asInt()).as(e.getKey() + " Kafka nodes").isEqualTo(e.getValue());
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(kafka.path("metadata").path("name").asText());
            assertThat(pool.path("spec").path("roles")).as("KRaft: controller and broker").hasSize(2);
            assertThat(kafka.path("spec").has("zookeeper")).as("KRaft, no ZooKeeper").isFalse();
            assertThat(kafka.path("spec").path("kafkaExporter").isObject()).as("kafka-exporter (lag metrics) enabled").isTrue();
            assertThat(kafka.path("spec").path("entityOperator").path("topicOperator").isObject()).as("topic operator").isTrue();
            JsonNode config = kafka.path("spec").path("kafka").path("config");
            assertThat(config.path("default.replication.factor").asInt()).isEqualTo(e.getValue());
            assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(e.getValue());
            int minIsr = e.getValue() == 1 ? 1 : 2;
            for (JsonNode t : topics(e.getKey()).values()) {
                assertThat(t.path("spec").path("replicas").asInt()).as(e.getKey() + " " + t.path("metadata").path("name").asText()).isEqualTo(e.getValue());
                assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(minIsr);
            }
            // The services' bootstrap address is Strimzi's bootstrap Service of this cluster.
            String bootstrap = objects.stream().filter(o -> o.kind().equals("ConfigMap") && o.name().startsWith("conveyor-config"))
                    .map(o -> o.tree().path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText()).findFirst().orElseThrow();
            assertThat(bootstrap).isEqualTo(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:9092");
        }
    }
}
