package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The objects of a rendered overlay, each parsed twice: as a JSON tree and into fabric8's typed model. fabric8's model
 * classes swallow unknown fields into {@code additionalProperties}; {@link #unknownFields} walks the typed object and
 * reports every such field with its path — a schema check for the kinds the model knows, without an API server.
 */
final class RenderedObjects {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Obj(JsonNode tree, HasMetadata typed) {
        String kind() {
            return tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        String id() {
            return kind() + "/" + name();
        }

        boolean known() {
            return !(typed instanceof GenericKubernetesResource);
        }
    }

    private RenderedObjects() {
    }

    static List<Obj> parse(String yaml) {
        List<Obj> out = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            List<ObjectNode> docs = YAML.readValues(parser, ObjectNode.class).readAll();
            for (ObjectNode doc : docs) {
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                HasMetadata typed = Serialization.unmarshal(YAML.writeValueAsString(doc));
                out.add(new Obj(doc, typed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Paths of fields the typed model did not recognise. */
    static List<String> unknownFields(Object typed) {
        List<String> found = new ArrayList<>();
        walk(typed, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object o, String path, List<String> found, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), found, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (m.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
                for (Object key : extra.keySet()) {
                    found.add((path.isEmpty() ? "" : path + ".") + key);
                }
                continue;
            }
            walk(value, path.isEmpty() ? field : path + "." + field, found, seen);
        }
    }
}
