package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Test helper: live objects written as YAML, the way {@code kubectl get -o yaml} shows them. */
final class LiveObjects {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private LiveObjects() {
    }

    static GenericKubernetesResource parse(String yaml) {
        try {
            return YAML.readValue(yaml, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
