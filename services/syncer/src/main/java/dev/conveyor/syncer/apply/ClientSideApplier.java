package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.Objects;

/**
 * A three-way apply made of plain requests every API server serves (fabric8's in-memory one included): create when the
 * object is missing, otherwise a full update (PUT) of
 * <pre>  merged = live + desired − (fields in last-applied that desired no longer has)</pre>
 * carrying the live {@code resourceVersion}, so a concurrent writer makes it fail with 409 instead of being
 * overwritten; on 409 it re-reads and recomputes, a few times. The applied configuration is stored in the
 * {@value Applier#LAST_APPLIED_ANNOTATION} annotation for the next three-way merge.
 *
 * <p>Merge rules (the same shapes {@link DiffEngine} compares): maps merge key by key; lists of objects with distinct
 * {@code name}s merge element by element by name (live-only elements that were never applied, e.g. injected
 * sidecars, are kept after the desired ones); any other list is replaced by desired's; {@code field: null} in desired
 * removes the field. Live fields the syncer never applied (status, defaults, other controllers' annotations) are kept.
 */
public final class ClientSideApplier implements Applier {

    public static final int DEFAULT_ATTEMPTS = 4;

    private final KubernetesClient client;
    private final int attempts;

    public ClientSideApplier(KubernetesClient client) {
        this(client, DEFAULT_ATTEMPTS);
    }

    /** @param attempts how many times to try in all when the API server answers 409 Conflict (at least 1) */
    public ClientSideApplier(KubernetesClient client, int attempts) {
        this.client = Objects.requireNonNull(client, "client");
        this.attempts = Math.max(1, attempts);
    }

    @Override
    public GenericKubernetesResource apply(GenericKubernetesResource desired, GenericKubernetesResource live) {
        ObjectNode applied = DiffEngine.normalise(Trees.toTree(desired));
        String appliedJson = Trees.toJson(applied);
        GenericKubernetesResource current = live;
        KubernetesClientException conflict = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                if (current == null) {
                    ObjectNode toCreate = applied.deepCopy();
                    Trees.putAnnotation(toCreate, LAST_APPLIED_ANNOTATION, appliedJson);
                    return client.resource(Trees.toResource(toCreate)).create();
                }
                ObjectNode liveTree = Trees.toTree(current);
                ObjectNode lastApplied = Trees.parseObject(Trees.annotation(liveTree, LAST_APPLIED_ANNOTATION));
                ObjectNode merged = merge(liveTree, applied, lastApplied == null ? null : DiffEngine.normalise(lastApplied));
                Trees.putAnnotation(merged, LAST_APPLIED_ANNOTATION, appliedJson);
                Trees.metadata(merged).remove("managedFields"); // omitted in an update: the server keeps its own
                return client.resource(Trees.toResource(merged)).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                conflict = e; // created meanwhile, or changed meanwhile: read again and recompute
                current = client.resource(desired).get();
            }
        }
        throw conflict;
    }

    /**
     * The three-way merge, on JSON trees.
     *
     * @param live        the live object (kept as the base: status, server-set and foreign fields survive)
     * @param desired     the normalised desired object
     * @param lastApplied the previously applied configuration (normalised), or null
     * @return a new tree
     */
    static ObjectNode merge(ObjectNode live, ObjectNode desired, ObjectNode lastApplied) {
        ObjectNode result = live.deepCopy();
        mergeObject(result, desired, lastApplied);
        return result;
    }

    private static void mergeObject(ObjectNode target, JsonNode desired, JsonNode lastApplied) {
        if (lastApplied != null && lastApplied.isObject()) {
            for (Map.Entry<String, JsonNode> previous : lastApplied.properties()) {
                if (!desired.has(previous.getKey())) {
                    target.remove(previous.getKey());
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : desired.properties()) {
            JsonNode wanted = field.getValue();
            JsonNode current = target.get(field.getKey());
            JsonNode previous = lastApplied == null ? null : lastApplied.get(field.getKey());
            if (wanted.isNull()) {
                target.remove(field.getKey());
            } else if (wanted.isObject() && current instanceof ObjectNode currentObject) {
                mergeObject(currentObject, wanted, previous);
            } else if (Trees.isNamedList(wanted) && Trees.isNamedList(current)) {
                target.set(field.getKey(), mergeNamed(current, wanted, previous));
            } else {
                target.set(field.getKey(), wanted.deepCopy());
            }
        }
    }

    private static ArrayNode mergeNamed(JsonNode live, JsonNode desired, JsonNode lastApplied) {
        Map<String, JsonNode> liveByName = Trees.byName(live);
        Map<String, JsonNode> desiredByName = Trees.byName(desired);
        Map<String, JsonNode> previousByName = Trees.isNamedList(lastApplied) ? Trees.byName(lastApplied) : Map.of();
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, JsonNode> element : desiredByName.entrySet()) {
            JsonNode current = liveByName.get(element.getKey());
            if (current instanceof ObjectNode currentObject) {
                ObjectNode merged = currentObject.deepCopy();
                mergeObject(merged, element.getValue(), previousByName.get(element.getKey()));
                result.add(merged);
            } else {
                result.add(element.getValue().deepCopy());
            }
        }
        liveByName.forEach((name, element) -> {
            if (!desiredByName.containsKey(name) && !previousByName.containsKey(name)) {
                result.add(element.deepCopy());
            }
        });
        return result;
    }
}
