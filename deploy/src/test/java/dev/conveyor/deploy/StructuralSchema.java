package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a structural schema (Kubernetes "Specifying a structural schema"): every node says its type (except
 * where x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields stands in), properties and
 * additionalProperties are not both set, the root is an object, metadata restricts at most name and generateName,
 * and only the allowed keywords appear.
 */
final class StructuralSchema {

    static final Set<String> ALLOWED = Set.of("type", "description", "properties", "items", "required", "enum",
            "default", "nullable", "format", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
            "additionalProperties", "multipleOf", "title", "example", "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-validations", "anyOf", "oneOf", "allOf", "not");
    static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");

    private StructuralSchema() {
    }

    static void check(JsonNode node, String path, boolean root, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ALLOWED.contains(key)) {
                problems.add(path + ": keyword '" + key + "' is not allowed");
            }
        }
        boolean escape = node.path("x-kubernetes-int-or-string").asBoolean() || node.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        String type = node.path("type").asText("");
        if (type.isEmpty() && !escape) {
            problems.add(path + ": no type");
        } else if (!type.isEmpty() && !TYPES.contains(type)) {
            problems.add(path + ": unknown type '" + type + "'");
        }
        if (root && !type.equals("object")) {
            problems.add(path + ": the root must be an object");
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            problems.add(path + ": properties and additionalProperties together");
        }
        if (node.has("items") && !type.equals("array")) {
            problems.add(path + ": items on a non-array");
        }
        if (type.equals("array") && !node.has("items")) {
            problems.add(path + ": an array without items");
        }
        if (node.has("properties") && !type.equals("object")) {
            problems.add(path + ": properties on a non-object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (root && p.getKey().equals("metadata")) {
                for (Iterator<String> keys = p.getValue().path("properties").fieldNames(); keys.hasNext(); ) {
                    String k = keys.next();
                    if (!k.equals("name") && !k.equals("generateName")) {
                        problems.add(path + ".metadata: only name and generateName may be restricted (found " + k + ")");
                    }
                }
            }
            check(p.getValue(), path + ".properties." + p.getKey(), false, problems);
        }
        if (node.path("items").isObject()) {
            check(node.path("items"), path + ".items", false, problems);
        }
        if (node.path("additionalProperties").isObject()) {
            check(node.path("additionalProperties"), path + ".additionalProperties", false, problems);
        }
        for (String logic : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode branch : node.path(logic)) {
                // Inside value validations, type/description/default/nullable are not allowed (they live on the node).
                for (String forbidden : List.of("type", "default", "description", "nullable", "additionalProperties")) {
                    if (branch.has(forbidden)) {
                        problems.add(path + "." + logic + ": '" + forbidden + "' inside a value validation");
                    }
                }
            }
        }
    }
}
