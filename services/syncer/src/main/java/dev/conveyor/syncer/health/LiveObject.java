package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read-only, lenient view of a live object as a Jackson tree. Fields are addressed by JSON pointer
 * ({@code /status/observedGeneration}); a missing field or one of the wrong type reads as absent, never as an error:
 * controllers write status in their own time and health must still be assessable from half-written objects.
 */
final class LiveObject {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode tree;
    private final GroupKind groupKind;

    private LiveObject(JsonNode tree, GroupKind groupKind) {
        this.tree = tree;
        this.groupKind = groupKind;
    }

    static LiveObject of(GenericKubernetesResource resource) {
        return new LiveObject(MAPPER.valueToTree(resource),
                GroupKind.fromApiVersion(resource.getApiVersion(), resource.getKind()));
    }

    JsonNode tree() {
        return tree;
    }

    GroupKind groupKind() {
        return groupKind;
    }

    String kind() {
        return groupKind.kind();
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    String displayName() {
        String namespace = text("/metadata/namespace");
        String name = text("/metadata/name");
        return namespace == null ? String.valueOf(name) : namespace + "/" + name;
    }

    /** The node at the pointer; a missing node (never null) when absent. */
    JsonNode at(String pointer) {
        return tree.at(pointer);
    }

    boolean has(String pointer) {
        JsonNode node = tree.at(pointer);
        return !node.isMissingNode() && !node.isNull();
    }

    /** A scalar as text, or null when absent or not a scalar. */
    String text(String pointer) {
        JsonNode node = tree.at(pointer);
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** A whole number, or the fallback when absent or not a number (numeric strings are accepted). */
    long number(String pointer, long fallback) {
        JsonNode node = tree.at(pointer);
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().strip());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** A boolean: true only for {@code true} or the string "true". */
    boolean flag(String pointer) {
        JsonNode node = tree.at(pointer);
        return node.isBoolean() ? node.booleanValue() : node.isTextual() && "true".equalsIgnoreCase(node.asText());
    }

    long generation() {
        return number("/metadata/generation", 0);
    }

    /** {@code status.observedGeneration}, empty when the controller does not write one. */
    Optional<Long> observedGeneration() {
        return has("/status/observedGeneration") ? Optional.of(number("/status/observedGeneration", 0)) : Optional.empty();
    }

    /** The conditions in {@code status.conditions}, in the order the controller wrote them. */
    List<Condition> conditions() {
        return Condition.listFrom(tree.at("/status/conditions"));
    }

    /** The first condition of this type in {@code status.conditions}. */
    Optional<Condition> condition(String type) {
        return conditions().stream().filter(c -> type.equals(c.type())).findFirst();
    }

    /** The usual Kubernetes condition; fields the controller did not write are null (observedGeneration: 0). */
    record Condition(String type, String status, String reason, String message, long observedGeneration) {

        static List<Condition> listFrom(JsonNode array) {
            List<Condition> conditions = new ArrayList<>();
            if (!array.isArray()) {
                return conditions;
            }
            for (JsonNode c : array) {
                if (c.isObject()) {
                    conditions.add(new Condition(textOf(c, "type"), textOf(c, "status"), textOf(c, "reason"),
                            textOf(c, "message"), c.path("observedGeneration").asLong(0)));
                }
            }
            return conditions;
        }

        private static String textOf(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isValueNode() && !value.isNull() ? value.asText() : null;
        }

        boolean isTrue() {
            return "True".equalsIgnoreCase(status);
        }

        boolean isFalse() {
            return "False".equalsIgnoreCase(status);
        }

        boolean isUnknown() {
            return !isTrue() && !isFalse();
        }

        /** {@code reason: message}, whichever of the two the controller wrote; "" when neither. */
        String describe() {
            boolean hasReason = reason != null && !reason.isBlank();
            boolean hasMessage = message != null && !message.isBlank();
            if (hasReason && hasMessage) {
                return reason + ": " + message;
            }
            return hasReason ? reason : hasMessage ? message : "";
        }
    }
}
