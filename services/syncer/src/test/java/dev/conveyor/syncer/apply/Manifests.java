package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Test objects and applications, written as YAML. */
final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Manifests() {
    }

    static GenericKubernetesResource yaml(String text) {
        try {
            return KUBERNETES.convertValue(YAML.readTree(text), GenericKubernetesResource.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test YAML: " + e.getMessage() + "\n" + text, e);
        }
    }

    static List<GenericKubernetesResource> copies(List<GenericKubernetesResource> objects) {
        return objects.stream().map(Trees::copy).toList();
    }

    static GenericKubernetesResource configMap(String name, String dataYaml) {
        return yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data: %s
                """.formatted(name, dataYaml));
    }

    static GenericKubernetesResource deployment(String name, String image) {
        return deployment(name, image, null);
    }

    static GenericKubernetesResource deployment(String name, String image, Integer wave) {
        return yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  annotations: {%3$s}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: main
                        image: %2$s
                        ports:
                        - containerPort: 8080
                """.formatted(name, image, wave == null ? "" : "conveyor.dev/sync-wave: \"" + wave + "\""));
    }

    static GenericKubernetesResource service(String name) {
        return yaml("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: %1$s
                spec:
                  selector: {app: %1$s}
                  ports:
                  - port: 80
                    targetPort: 8080
                """.formatted(name));
    }

    static GenericKubernetesResource hookJob(String name, String hook, String deletePolicy) {
        return yaml("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: %s
                  annotations:
                    conveyor.dev/hook: %s
                    %s
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: run
                        image: busybox
                """.formatted(name, hook, deletePolicy == null ? "" : "conveyor.dev/hook-delete-policy: " + deletePolicy));
    }

    static Application app(String name, String namespace) {
        return app(name, namespace, new Application.SyncPolicy(true, true, false, false, Set.of()), List.of());
    }

    static Application app(String name, String namespace, Application.SyncPolicy policy,
                           List<Application.IgnoreDifference> ignores) {
        return new Application(name, null,
                new Application.Source("https://git.example.com/shop.git", "main", "deploy", null, null, null),
                new Application.Destination(null, namespace), policy, ignores, Duration.ofMinutes(1), "apps/shop.yaml");
    }

    static Application.SyncPolicy policy(boolean prune, boolean allowEmpty, String... options) {
        return new Application.SyncPolicy(true, prune, false, allowEmpty, Set.of(options));
    }
}
