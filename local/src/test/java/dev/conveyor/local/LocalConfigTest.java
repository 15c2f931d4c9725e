package dev.conveyor.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalConfigTest {

    @TempDir
    Path dir;

    @Test
    void nothingSetMeansEverythingStartsHere() {
        LocalConfig config = LocalConfig.fromEnv(Map.of("PATH", "/usr/bin", "CONVEYOR_KAFKA_PORT", "19092"));
        assertThat(config.kafkaBootstrap()).isEmpty();
        assertThat(config.kubeconfig()).isEmpty();
        assertThat(config.kubeContext()).isEmpty();
        assertThat(config.realCluster()).isFalse();
        assertThat(config.registry()).isEqualTo(LocalConfig.Registry.AUTO);
    }

    @Test
    void blankValuesCountAsUnset() {
        LocalConfig config = LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", "  ",
                "CONVEYOR_LOCAL_KUBECONFIG", "", "CONVEYOR_LOCAL_REGISTRY", " "));
        assertThat(config).isEqualTo(LocalConfig.fromEnv(Map.of()));
    }

    @Test
    void aKafkaToUse() {
        assertThat(LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", " kafka-1:9092,kafka-2.example.com:9093 "))
                .kafkaBootstrap()).contains("kafka-1:9092,kafka-2.example.com:9093");
        assertThat(LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", "127.0.0.1:39092,[::1]:39093"))
                .kafkaBootstrap()).contains("127.0.0.1:39092,[::1]:39093");
    }

    @Test
    void aKafkaAddressWithoutPortIsRefused() {
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP").hasMessageContaining("'kafka-2'");
    }

    @Test
    void aKafkaToUseAndAPortForTheBrokerToStartContradict() {
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", "kafka:9092",
                "CONVEYOR_KAFKA_PORT", "19092")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONVEYOR_KAFKA_PORT");
    }

    @Test
    void aClusterByKubeconfigAndContext() throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\nkind: Config\n");
        LocalConfig config = LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KUBECONFIG", kubeconfig.toString(),
                "CONVEYOR_LOCAL_KUBE_CONTEXT", "kind-conveyor"));
        assertThat(config.realCluster()).isTrue();
        assertThat(config.kubeconfig()).contains(kubeconfig.toAbsolutePath());
        assertThat(config.kubeContext()).contains("kind-conveyor");
    }

    @Test
    void aKubeconfigUnderHome() throws IOException {
        Files.createDirectories(dir.resolve(".kube"));
        Path kubeconfig = Files.writeString(dir.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        LocalConfig config = LocalConfig.fromEnv(Map.of("HOME", dir.toString(), "CONVEYOR_LOCAL_KUBECONFIG", "~/.kube/config"));
        assertThat(config.kubeconfig()).contains(kubeconfig.toAbsolutePath());
        assertThat(config.kubeContext()).isEmpty();
    }

    @Test
    void aMissingKubeconfigIsRefused() {
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KUBECONFIG", dir.resolve("nope").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONVEYOR_LOCAL_KUBECONFIG").hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KUBECONFIG", dir.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a readable file");
    }

    @Test
    void aContextNeedsAKubeconfig() {
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KUBE_CONTEXT", "prod")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONVEYOR_LOCAL_KUBE_CONTEXT").hasMessageContaining("CONVEYOR_LOCAL_KUBECONFIG");
    }

    @Test
    void theRegistryChoice() {
        assertThat(LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_REGISTRY", "simulated")).registry())
                .isEqualTo(LocalConfig.Registry.SIMULATED);
        assertThat(LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_REGISTRY", "Docker-Registry")).registry())
                .isEqualTo(LocalConfig.Registry.DOCKER_REGISTRY);
        assertThat(LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_REGISTRY", "auto")).registry())
                .isEqualTo(LocalConfig.Registry.AUTO);
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_REGISTRY", "harbor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'harbor'").hasMessageContaining("auto, docker-registry, simulated");
    }

    @Test
    void everythingAtOnce() throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        LocalConfig config = LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_KAFKA_BOOTSTRAP", "broker:9092",
                "CONVEYOR_LOCAL_KUBECONFIG", kubeconfig.toString(), "CONVEYOR_LOCAL_REGISTRY", "simulated",
                "CONVEYOR_LOCAL_OTLP_ENDPOINT", "http://127.0.0.1:4318"));
        assertThat(config).isEqualTo(new LocalConfig(Optional.of("broker:9092"), Optional.of(kubeconfig.toAbsolutePath()),
                Optional.empty(), LocalConfig.Registry.SIMULATED, Optional.of(java.net.URI.create("http://127.0.0.1:4318"))));
    }

    @Test
    void theOtlpEndpointMustBeAnHttpUrl() {
        assertThat(LocalConfig.fromEnv(Map.of()).otlpForward()).isEmpty();
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_OTLP_ENDPOINT", "grpc://collector:4317")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CONVEYOR_LOCAL_OTLP_ENDPOINT").hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_OTLP_ENDPOINT", "http://bad host")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> LocalConfig.fromEnv(Map.of("CONVEYOR_LOCAL_OTLP_ENDPOINT", "127.0.0.1:4318")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CONVEYOR_LOCAL_OTLP_ENDPOINT");
    }
}
