package dev.conveyor.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, path-aware reads of declaration fields for {@link KindParser}s, so that every kind reports problems the
 * same way. Each read takes the parent node, the parent's path ({@code ""} at the top, {@code spec.source} below)
 * and the field name; a field that is absent or {@code null} reads as absent. Scalars read as text are taken as
 * written where YAML allows it ({@code 1.10} stays {@code 1.10}, {@code 2} becomes {@code "2"}).
 */
public final class Fields {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Fields() {
    }

    /** {@code parent.name}, or {@code name} at the top. */
    public static String path(String parentPath, String name) {
        return parentPath == null || parentPath.isEmpty() ? name : parentPath + "." + name;
    }

    /** {@code path[index]}. */
    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    /**
     * Rejects fields of {@code object} that are not in {@code allowed}, naming the first unknown one and listing the
     * allowed ones.
     */
    public static void allowOnly(JsonNode object, String path, Set<String> allowed) throws DeclarationException {
        if (object == null || !object.isObject()) {
            return;
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new DeclarationException(path(path, name),
                        "unknown field (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    /** The object at {@code name}, or null when absent. */
    public static ObjectNode object(JsonNode parent, String parentPath, String name) throws DeclarationException {
        JsonNode n = child(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new DeclarationException(path(parentPath, name), "must be an object");
        }
        return (ObjectNode) n;
    }

    public static ObjectNode requireObject(JsonNode parent, String parentPath, String name)
            throws DeclarationException {
        ObjectNode n = object(parent, parentPath, name);
        if (n == null) {
            throw new DeclarationException(path(parentPath, name), "is required");
        }
        return n;
    }

    /** A scalar read as text, or null when absent; objects and lists are errors. */
    public static String text(JsonNode parent, String parentPath, String name) throws DeclarationException {
        return scalarText(child(parent, name), path(parentPath, name));
    }

    /** Like {@link #text} but absent or blank is an error. */
    public static String requireText(JsonNode parent, String parentPath, String name) throws DeclarationException {
        String s = text(parent, parentPath, name);
        if (s == null || s.isBlank()) {
            throw new DeclarationException(path(parentPath, name), "is required");
        }
        return s;
    }

    /** A {@code true}/{@code false} value, or {@code defaultValue} when absent. */
    public static boolean bool(JsonNode parent, String parentPath, String name, boolean defaultValue)
            throws DeclarationException {
        JsonNode n = child(parent, name);
        if (n == null) {
            return defaultValue;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual() && (n.textValue().equals("true") || n.textValue().equals("false"))) {
            return Boolean.parseBoolean(n.textValue());
        }
        throw new DeclarationException(path(parentPath, name), "must be true or false");
    }

    /** The elements of a list, empty when absent. */
    public static List<JsonNode> list(JsonNode parent, String parentPath, String name) throws DeclarationException {
        JsonNode n = child(parent, name);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new DeclarationException(path(parentPath, name), "must be a list");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** A list of scalars as text, empty when absent; null and blank elements are errors. */
    public static List<String> textList(JsonNode parent, String parentPath, String name)
            throws DeclarationException {
        List<JsonNode> nodes = list(parent, parentPath, name);
        List<String> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String p = index(path(parentPath, name), i);
            String s = scalarText(nodes.get(i), p);
            if (s == null || s.isBlank()) {
                throw new DeclarationException(p, "must not be empty");
            }
            out.add(s);
        }
        return out;
    }

    /** An object of scalars as a text map (in document order), empty when absent. */
    public static Map<String, String> textMap(JsonNode parent, String parentPath, String name)
            throws DeclarationException {
        ObjectNode o = object(parent, parentPath, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                String value = scalarText(e.getValue(), path(path(parentPath, name), e.getKey()));
                out.put(e.getKey(), value == null ? "" : value);
            }
        }
        return out;
    }

    /** A scalar node as text (null for an absent or null node); objects and lists are errors. */
    public static String scalarText(JsonNode n, String path) throws DeclarationException {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBigDecimal()) {
            return n.decimalValue().toPlainString();
        }
        if (n.isValueNode()) {
            return n.asText();
        }
        throw new DeclarationException(path,
                n.isObject() ? "must be a scalar, not an object" : "must be a scalar, not a list");
    }

    /** Whether {@code s} is an RFC 1123 label: lower-case alphanumerics and '-', at most 63 characters. */
    public static boolean isDns1123Label(String s) {
        return s != null && s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
    }

    /**
     * Checks a path inside a repository or chart: relative, no {@code ..} segment, no URL.
     *
     * @return the path without leading {@code ./} and trailing {@code /}
     */
    public static String relativePath(String value, String path) throws DeclarationException {
        if (value.startsWith("/") || value.startsWith("\\") || value.contains("://") || value.matches("^[A-Za-z]:.*")) {
            throw new DeclarationException(path, "must be a relative path");
        }
        for (String segment : value.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new DeclarationException(path, "must not contain '..'");
            }
        }
        String p = value;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static JsonNode child(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(name);
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(new LinkedHashSet<>(names));
        list.sort(null);
        return list;
    }

    /**
     * The checks every {@code conveyor.dev/v1alpha1} kind starts with: only {@code apiVersion}, {@code kind},
     * {@code metadata} and {@code spec} at the top, the right apiVersion, the usual metadata fields, a DNS-1123 name.
     *
     * @return the {@code spec} object (required)
     */
    public static ObjectNode conveyorSpec(Manifest manifest) throws DeclarationException {
        ObjectNode body = manifest.body();
        allowOnly(body, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        if (!DeclarationLoader.API_VERSION.equals(manifest.apiVersion())) {
            throw new DeclarationException("apiVersion", "must be " + DeclarationLoader.API_VERSION);
        }
        ObjectNode metadata = requireObject(body, "", "metadata");
        allowOnly(metadata, "metadata", Set.of("name", "labels", "annotations", "namespace"));
        if (!isDns1123Label(manifest.name())) {
            throw new DeclarationException("metadata.name", "must be a DNS-1123 label (lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit, at most 63 characters)");
        }
        return requireObject(body, "", "spec");
    }
}
