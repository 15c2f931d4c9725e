package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.conveyor.syncer.app.Application.IgnoreDifference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares one desired object with its live counterpart, the way a person would: only what the desired object declares
 * matters, plus what was removed from it since the last apply. Pure: no I/O.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Normalise both sides: drop {@code status}, the server-set metadata ({@code uid}, {@code resourceVersion},
 *       {@code generation}, {@code creationTimestamp}, {@code managedFields}, {@code selfLink}, deletion fields) and the
 *       {@value Applier#LAST_APPLIED_ANNOTATION} annotation. A desired Secret's {@code stringData} is folded into
 *       {@code data} (base64), as the API server does.</li>
 *   <li>Remove the {@code ignoreDifferences} JSON pointers that match the object (group, kind, and name/namespace when
 *       given) from desired, live and last-applied alike.</li>
 *   <li>desired ⊆ live, recursively: every field desired declares must be live with an equal value; fields only live
 *       has (defaults, other controllers' fields) are ignored. {@code field: null} in desired means "absent live". An
 *       empty desired map or list matches an absent live field (API servers drop empty values). Numbers compare by
 *       value (2 == 2.0). Lists: when both sides are lists of objects with distinct {@code name}s (containers, env,
 *       volumes...) they are matched by name, desired elements must appear in the same relative order live, and extra
 *       live elements are ignored; any other list must have the same length and is compared element by element.</li>
 *   <li>Removed fields: a field that is in the last-applied configuration (the annotation on the live object) but no
 *       longer in desired must be absent live (this is what makes deleting a line from Git delete the field).</li>
 * </ol>
 * Not normalised (known limits): resource quantities written differently ({@code 1} vs {@code 1000m}), int-or-string
 * values written as the other type.
 */
public final class DiffEngine {

    /** Per-object result. */
    public enum Status { IN_SYNC, OUT_OF_SYNC, MISSING }

    /** At most this many paths are listed; the rest are counted. */
    static final int MAX_LISTED = 10;

    /**
     * @param key         the object
     * @param status      IN_SYNC, OUT_OF_SYNC or MISSING
     * @param differences short paths where desired and live differ (empty unless OUT_OF_SYNC), e.g.
     *                    {@code spec.template.spec.containers[name=web].image}, {@code data.b (removed from desired)}
     */
    public record Diff(ResourceKey key, Status status, List<String> differences) {
        public Diff {
            differences = List.copyOf(differences);
        }

        public boolean needsApply() {
            return status != Status.IN_SYNC;
        }

        /** The differences as one line, shortened. */
        public String summary() {
            if (status == Status.MISSING) {
                return "missing";
            }
            if (differences.isEmpty()) {
                return "in sync";
            }
            List<String> shown = differences.subList(0, Math.min(MAX_LISTED, differences.size()));
            String more = differences.size() > shown.size() ? " and " + (differences.size() - shown.size()) + " more" : "";
            return "differs at " + String.join(", ", shown) + more;
        }
    }

    /**
     * @param desired the object as it will be applied (namespace and tracking already set)
     * @param live    the object as the API server returns it; null when it does not exist
     * @param ignores the application's ignoreDifferences (only those matching this object are used)
     */
    public Diff diff(GenericKubernetesResource desired, GenericKubernetesResource live, List<IgnoreDifference> ignores) {
        ResourceKey key = ResourceKey.of(desired);
        if (live == null) {
            return new Diff(key, Status.MISSING, List.of());
        }
        ObjectNode liveTree = Trees.toTree(live);
        ObjectNode lastApplied = Trees.parseObject(Trees.annotation(liveTree, Applier.LAST_APPLIED_ANNOTATION));
        ObjectNode want = normalise(Trees.toTree(desired));
        ObjectNode have = normalise(liveTree);
        if (lastApplied != null) {
            lastApplied = normalise(lastApplied);
        }
        for (String pointer : pointersFor(key, ignores)) {
            Trees.removePointer(want, pointer);
            Trees.removePointer(have, pointer);
            Trees.removePointer(lastApplied, pointer);
        }
        Set<String> differences = new LinkedHashSet<>();
        compare(want, have, "", differences);
        if (lastApplied != null) {
            removed(lastApplied, want, have, "", differences);
        }
        return differences.isEmpty()
                ? new Diff(key, Status.IN_SYNC, List.of())
                : new Diff(key, Status.OUT_OF_SYNC, new ArrayList<>(differences));
    }

    /**
     * For {@code RespectIgnoreDifferences=true}: a copy of desired whose ignored fields carry the live values (or are
     * absent when live has none), so that applying it for another reason does not overwrite them.
     */
    public GenericKubernetesResource respectIgnored(GenericKubernetesResource desired, GenericKubernetesResource live,
                                                    List<IgnoreDifference> ignores) {
        List<String> pointers = pointersFor(ResourceKey.of(desired), ignores);
        if (live == null || pointers.isEmpty()) {
            return desired;
        }
        ObjectNode want = Trees.toTree(desired);
        ObjectNode have = Trees.toTree(live);
        for (String pointer : pointers) {
            Trees.copyPointer(have, want, pointer);
        }
        return Trees.toResource(want);
    }

    static List<String> pointersFor(ResourceKey key, List<IgnoreDifference> ignores) {
        if (ignores == null) {
            return List.of();
        }
        return ignores.stream()
                .filter(i -> i.matches(key.group(), key.kind(), key.namespace(), key.name()))
                .flatMap(i -> i.jsonPointers().stream())
                .toList();
    }

    /** A normalised deep copy: no status, no server-set metadata, no last-applied annotation, Secret stringData folded. */
    static ObjectNode normalise(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(Trees.SERVER_SET_METADATA);
        }
        Trees.removeAnnotation(copy, Applier.LAST_APPLIED_ANNOTATION);
        if ("Secret".equals(copy.path("kind").asText()) && "v1".equals(copy.path("apiVersion").asText())
                && copy.get("stringData") instanceof ObjectNode stringData) {
            ObjectNode data = copy.get("data") instanceof ObjectNode d ? d : copy.putObject("data");
            for (Map.Entry<String, JsonNode> entry : stringData.properties()) {
                data.set(entry.getKey(), TextNode.valueOf(Base64.getEncoder()
                        .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
            }
            copy.remove("stringData");
        }
        return copy;
    }

    private static void compare(JsonNode desired, JsonNode live, String path, Set<String> out) {
        if (desired.isObject()) {
            if (!live.isObject()) {
                out.add(path);
                return;
            }
            for (Map.Entry<String, JsonNode> field : desired.properties()) {
                JsonNode wanted = field.getValue();
                JsonNode actual = live.get(field.getKey());
                String fieldPath = Trees.child(path, field.getKey());
                if (wanted.isNull()) {
                    if (actual != null && !actual.isNull()) {
                        out.add(fieldPath);
                    }
                } else if (actual == null || actual.isNull()) {
                    if (!(wanted.isContainerNode() && wanted.isEmpty())) {
                        out.add(fieldPath);
                    }
                } else {
                    compare(wanted, actual, fieldPath, out);
                }
            }
        } else if (desired.isArray()) {
            if (!live.isArray()) {
                out.add(path);
            } else if (Trees.isNamedList(desired) && Trees.isNamedList(live)) {
                compareNamed(desired, live, path, out);
            } else if (desired.size() != live.size()) {
                out.add(path);
            } else {
                for (int i = 0; i < desired.size(); i++) {
                    compare(desired.get(i), live.get(i), Trees.indexed(path, i), out);
                }
            }
        } else if (!scalarEquals(desired, live)) {
            out.add(path);
        }
    }

    private static void compareNamed(JsonNode desired, JsonNode live, String path, Set<String> out) {
        Map<String, JsonNode> liveByName = Trees.byName(live);
        List<String> liveOrder = new ArrayList<>(liveByName.keySet());
        int previous = -1;
        boolean ordered = true;
        for (Map.Entry<String, JsonNode> element : Trees.byName(desired).entrySet()) {
            JsonNode actual = liveByName.get(element.getKey());
            String elementPath = Trees.named(path, element.getKey());
            if (actual == null) {
                out.add(elementPath);
                continue;
            }
            int index = liveOrder.indexOf(element.getKey());
            ordered &= index > previous;
            previous = index;
            compare(element.getValue(), actual, elementPath, out);
        }
        if (!ordered) {
            out.add(path + " (order)");
        }
    }

    /** Fields in last-applied, gone from desired, still live. */
    private static void removed(JsonNode lastApplied, JsonNode desired, JsonNode live, String path, Set<String> out) {
        if (lastApplied.isObject() && live.isObject()) {
            if (!desired.isObject()) {
                return; // a type change; compare() reports the path
            }
            for (Map.Entry<String, JsonNode> field : lastApplied.properties()) {
                JsonNode actual = live.get(field.getKey());
                if (actual == null || actual.isNull()) {
                    continue;
                }
                String fieldPath = Trees.child(path, field.getKey());
                JsonNode wanted = desired.get(field.getKey());
                if (wanted == null) {
                    out.add(fieldPath + " (removed from desired)");
                } else {
                    removed(field.getValue(), wanted, actual, fieldPath, out);
                }
            }
        } else if (Trees.isNamedList(lastApplied) && Trees.isNamedList(live) && desired.isArray()) {
            Map<String, JsonNode> desiredByName = Trees.isNamedList(desired) ? Trees.byName(desired) : Map.of();
            Map<String, JsonNode> liveByName = Trees.byName(live);
            for (Map.Entry<String, JsonNode> element : Trees.byName(lastApplied).entrySet()) {
                JsonNode actual = liveByName.get(element.getKey());
                if (actual == null) {
                    continue;
                }
                String elementPath = Trees.named(path, element.getKey());
                JsonNode wanted = desiredByName.get(element.getKey());
                if (wanted == null) {
                    out.add(elementPath + " (removed from desired)");
                } else {
                    removed(element.getValue(), wanted, actual, elementPath, out);
                }
            }
        }
    }

    private static boolean scalarEquals(JsonNode desired, JsonNode live) {
        if (desired.isNumber() && live.isNumber()) {
            return desired.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        return desired.equals(live);
    }
}
