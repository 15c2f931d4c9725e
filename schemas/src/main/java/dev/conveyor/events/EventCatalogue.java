package dev.conveyor.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders docs/events.md from the registry and the schemas, so the catalogue cannot drift from the contracts
 * ({@code EventCatalogueTest} fails when the committed file is stale). Run {@code main} with the output path to
 * regenerate it.
 */
public final class EventCatalogue {

    private EventCatalogue() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/events.md");
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Event catalogue\n\n")
                .append("Generated from `schemas/` by `dev.conveyor.events.EventCatalogue`; do not edit by hand ")
                .append("(`EventCatalogueTest` fails when this file is stale).\n\n")
                .append("Every event travels on Kafka as a CloudEvent in binary mode: the context attributes are ")
                .append("`ce_specversion`, `ce_id`, `ce_type`, `ce_source`, `ce_subject`, `ce_time` headers, ")
                .append("`content-type: application/json`, and the record value is the JSON body below. ")
                .append("`ce_id` is stable for one fact, so consumers de-duplicate by it. ")
                .append("Versioning rules: `schemas/README.md`.\n\n")
                .append("| ce_type | topic | Kafka key | record | meaning |\n|---|---|---|---|---|\n");
        for (EventType t : EventType.values()) {
            md.append("| `").append(t.ceType()).append("` | `").append(t.topic()).append("` | ")
                    .append(t.keyDescription()).append(" | `").append(t.recordClass().getSimpleName()).append("` | ")
                    .append(t.description()).append(" |\n");
        }
        for (EventType t : EventType.values()) {
            JsonNode schema = readJson(t.schemaResource());
            md.append("\n## ").append(t.recordClass().getSimpleName()).append(" — `").append(t.ceType()).append("`\n\n")
                    .append(schema.path("description").asText()).append("\n\n")
                    .append("Schema: `schemas/src/main/resources").append(t.schemaResource()).append("`, example: `schemas/src/main/resources")
                    .append(t.exampleResource()).append("`.\n\n")
                    .append("| field | type | required | description |\n|---|---|---|---|\n");
            appendFields(md, "", schema, schema);
        }
        return md.toString();
    }

    private static void appendFields(StringBuilder md, String prefix, JsonNode node, JsonNode root) {
        JsonNode props = node.path("properties");
        JsonNode required = node.path("required");
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode def = resolve(f.getValue(), root);
            boolean req = false;
            for (JsonNode r : required) req |= r.asText().equals(f.getKey());
            String description = f.getValue().path("description").asText(def.path("description").asText(""));
            md.append("| `").append(prefix).append(f.getKey()).append("` | ").append(typeOf(def, root)).append(" | ")
                    .append(req ? "yes" : "no").append(" | ").append(description.replace("|", "\\|")).append(" |\n");
            JsonNode items = def.has("items") ? resolve(def.get("items"), root) : null;
            if (items != null && items.has("properties")) {
                appendFields(md, prefix + f.getKey() + "[].", items, root);
            }
        }
    }

    private static String typeOf(JsonNode def, JsonNode root) {
        if (def.has("enum")) {
            StringBuilder sb = new StringBuilder("one of ");
            def.get("enum").forEach(v -> sb.append('`').append(v.asText()).append("` "));
            return sb.toString().trim();
        }
        if (def.has("oneOf")) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode alt : def.get("oneOf")) {
                if (!sb.isEmpty()) sb.append(" or ");
                JsonNode r = resolve(alt, root);
                sb.append(alt.has("$ref") ? alt.get("$ref").asText().replace("#/$defs/", "") : typeOf(r, root));
            }
            return sb.toString();
        }
        JsonNode type = def.path("type");
        if (type.isArray()) {
            StringBuilder sb = new StringBuilder();
            type.forEach(t -> sb.append(sb.isEmpty() ? "" : " or ").append(t.asText()));
            return sb.toString();
        }
        if (type.asText().equals("array") && def.has("items")) {
            JsonNode items = def.get("items");
            return "array of " + (items.has("$ref") ? items.get("$ref").asText().replace("#/$defs/", "") : typeOf(items, root));
        }
        return type.asText("object");
    }

    private static JsonNode resolve(JsonNode node, JsonNode root) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (ref.startsWith("#/$defs/")) {
                return resolve(root.path("$defs").path(ref.substring("#/$defs/".length())), root);
            }
        }
        return node;
    }

    static JsonNode readJson(String resource) {
        try (InputStream in = EventCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            return EventCodec.json().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
