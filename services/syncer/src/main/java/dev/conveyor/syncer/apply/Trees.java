package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * JSON-tree helpers shared by the diff and the three-way merge, so both agree on what a "list of named objects" is.
 * Plain functions, no I/O.
 */
final class Trees {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Metadata fields the API server sets; never compared, never sent back as desired. */
    static final Set<String> SERVER_SET_METADATA = Set.of("uid", "resourceVersion", "generation", "creationTimestamp",
            "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private Trees() {
    }

    static ObjectNode toTree(GenericKubernetesResource resource) {
        return SERIALIZATION.convertValue(resource, ObjectNode.class);
    }

    static GenericKubernetesResource toResource(JsonNode tree) {
        return SERIALIZATION.convertValue(tree, GenericKubernetesResource.class);
    }

    static GenericKubernetesResource copy(GenericKubernetesResource resource) {
        return toResource(toTree(resource));
    }

    static String toJson(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** @return the parsed object, or null when text is null or not a JSON object */
    static ObjectNode parseObject(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The object's metadata node, created when absent. */
    static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        if (metadata instanceof ObjectNode m) {
            return m;
        }
        return object.putObject("metadata");
    }

    /** Sets an annotation, creating the annotations map when absent. */
    static void putAnnotation(ObjectNode object, String name, String value) {
        ObjectNode metadata = metadata(object);
        ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
        annotations.put(name, value);
    }

    /** Removes an annotation; drops the annotations map when it becomes empty. */
    static void removeAnnotation(ObjectNode object, String name) {
        if (object.get("metadata") instanceof ObjectNode metadata
                && metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(name);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
    }

    static String annotation(ObjectNode object, String name) {
        JsonNode value = object.path("metadata").path("annotations").get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /**
     * A list whose elements are all objects with a distinct textual {@code name} (containers, env, volumes, ports with
     * names): matched by name, not by position. Empty lists are not named lists.
     */
    static boolean isNamedList(JsonNode node) {
        if (!(node instanceof ArrayNode array) || array.isEmpty()) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode element : array) {
            if (!element.isObject() || !element.path("name").isTextual() || !names.add(element.get("name").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Elements of a named list by name, in list order. */
    static Map<String, JsonNode> byName(JsonNode namedList) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode element : namedList) {
            byName.put(element.get("name").asText(), element);
        }
        return byName;
    }

    /** Removes what an RFC 6901 pointer designates, if present; a malformed pointer removes nothing. */
    static void removePointer(JsonNode root, String pointer) {
        if (root == null || pointer == null || pointer.isEmpty() || pointer.equals("/")) {
            return;
        }
        JsonPointer parsed;
        try {
            parsed = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return;
        }
        JsonNode parent = root.at(parsed.head());
        JsonPointer last = parsed.last();
        if (parent instanceof ObjectNode object) {
            object.remove(last.getMatchingProperty());
        } else if (parent instanceof ArrayNode array && last.getMatchingIndex() >= 0
                && last.getMatchingIndex() < array.size()) {
            array.remove(last.getMatchingIndex());
        }
    }

    /** Copies what a pointer designates in {@code from} into {@code to} (or removes it from {@code to} if absent). */
    static void copyPointer(JsonNode from, ObjectNode to, String pointer) {
        JsonPointer parsed;
        try {
            parsed = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            return;
        }
        JsonNode value = from.at(parsed);
        if (value.isMissingNode()) {
            removePointer(to, pointer);
            return;
        }
        JsonNode parent = to.at(parsed.head());
        JsonPointer last = parsed.last();
        if (parent instanceof ObjectNode object) {
            object.set(last.getMatchingProperty(), value.deepCopy());
        } else if (parent instanceof ArrayNode array && last.getMatchingIndex() >= 0
                && last.getMatchingIndex() < array.size()) {
            array.set(last.getMatchingIndex(), value.deepCopy());
        }
    }

    /** {@code spec.template}, {@code metadata.labels["app.kubernetes.io/name"]}. */
    static String child(String path, String field) {
        String part = field.matches("[A-Za-z0-9_$-]+") ? field : "[\"" + field + "\"]";
        if (path.isEmpty()) {
            return part;
        }
        return part.startsWith("[") ? path + part : path + "." + part;
    }

    /** {@code spec.containers[name=web]}. */
    static String named(String path, String name) {
        return path + "[name=" + name + "]";
    }

    /** {@code spec.ports[0]}. */
    static String indexed(String path, int index) {
        return path + "[" + index + "]";
    }
}
