package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Tells a controller's status update from a change to what was declared. A watch sees both; only the second can be
 * drift, the first only calls for re-assessing health. Pure.
 */
public final class StatusChanges {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusChanges() {
    }

    /**
     * @return true when the two versions of one object differ, and only in {@code status} or in the metadata the API
     *         server maintains on every write ({@code resourceVersion}, {@code managedFields}); false when they are
     *         equal, when anything else differs, or when either is null
     */
    public static boolean statusOnlyChange(GenericKubernetesResource before, GenericKubernetesResource after) {
        if (before == null || after == null) {
            return false;
        }
        JsonNode old = MAPPER.valueToTree(before);
        JsonNode updated = MAPPER.valueToTree(after);
        return !old.equals(updated) && withoutStatus(old).equals(withoutStatus(updated));
    }

    private static JsonNode withoutStatus(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove("resourceVersion");
            metadata.remove("managedFields");
        }
        return copy;
    }
}
