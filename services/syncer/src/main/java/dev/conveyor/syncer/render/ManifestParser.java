package dev.conveyor.syncer.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.syncer.render.Renderer.RenderException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes manifests into {@link GenericKubernetesResource}s: multi-document YAML, JSON, and {@code List}
 * kinds (flattened, recursively). Empty documents are skipped; anything else that is not an object with
 * {@code apiVersion} and {@code kind} is an error naming the origin, the document and the line.
 *
 * <p>How: the text is split into documents on lines that are exactly {@code ---} (as Kubernetes' own YAML reader
 * does), each document is read by Jackson YAML (SnakeYAML, YAML 1.1 scalars like kubectl: {@code yes} is a boolean,
 * quoted scalars stay strings) into plain maps and lists, duplicate keys are errors (kubectl rejects them too), and the
 * map is converted with fabric8's {@link KubernetesSerialization}. Values are kept as declared: nothing is defaulted,
 * stripped or reordered.
 */
public final class ManifestParser {

    private static final int MAX_DOCUMENT_CODE_POINTS = 64 * 1024 * 1024;
    private static final ObjectMapper YAML;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CODE_POINTS); // large CRDs exceed SnakeYAML's 3 MB default
        YAML = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(options).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private ManifestParser() {
    }

    /**
     * @param text   YAML, one or more documents
     * @param origin what the text is, for messages: a repository file path, or e.g. "output of kustomize build apps/web"
     */
    public static List<GenericKubernetesResource> parseYaml(String text, String origin) throws RenderException {
        List<GenericKubernetesResource> out = new ArrayList<>();
        int index = 0;
        for (Chunk chunk : split(stripBom(text))) {
            if (chunk.isBlank()) {
                continue;
            }
            try (MappingIterator<Object> docs = YAML.readerFor(Object.class).readValues(chunk.text())) {
                while (true) {
                    int next = index + 1;
                    boolean more;
                    Object doc;
                    try {
                        more = docs.hasNextValue();
                        doc = more ? docs.nextValue() : null;
                    } catch (IOException e) {
                        throw new RenderException(where(origin, next, chunk) + ": " + describeSyntaxError(e, chunk.line()), e);
                    }
                    if (!more) {
                        break;
                    }
                    index = next;
                    if (doc != null) {
                        collect(doc, where(origin, index, chunk), out);
                    }
                }
            } catch (IOException e) {
                throw new RenderException(origin + ": cannot read: " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param text   one JSON value: an object, a {@code List} object, or {@code null}
     * @param origin what the text is, for messages
     */
    public static List<GenericKubernetesResource> parseJson(String text, String origin) throws RenderException {
        Chunk whole = new Chunk(stripBom(text), 1, null);
        String where = origin + ": document 1";
        if (whole.text().isBlank()) {
            return List.of();
        }
        Object doc;
        try {
            doc = JSON.readValue(whole.text(), Object.class);
        } catch (IOException e) {
            throw new RenderException(where + ": " + describeSyntaxError(e, 1), e);
        }
        List<GenericKubernetesResource> out = new ArrayList<>();
        if (doc != null) {
            collect(doc, where, out);
        }
        return List.copyOf(out);
    }

    /** Adds {@code doc} to {@code out}, flattening {@code List} kinds; {@code where} prefixes every message. */
    private static void collect(Object doc, String where, List<GenericKubernetesResource> out) throws RenderException {
        if (!(doc instanceof Map<?, ?> map)) {
            throw new RenderException(where + ": expected a Kubernetes object (a mapping with apiVersion and kind), found "
                    + describe(doc));
        }
        Object apiVersion = map.get("apiVersion");
        Object kind = map.get("kind");
        boolean hasApiVersion = apiVersion instanceof String s && !s.isBlank();
        boolean hasKind = kind instanceof String s && !s.isBlank();
        if (!hasApiVersion || !hasKind) {
            String missing = !hasApiVersion && !hasKind ? "apiVersion and kind" : !hasApiVersion ? "apiVersion" : "kind";
            throw new RenderException(where + ": not a Kubernetes object: missing " + missing + describeName(map));
        }
        if (isList((String) kind, map)) {
            Object items = map.get("items");
            if (items == null) {
                return;
            }
            if (!(items instanceof List<?> list)) {
                throw new RenderException(where + ": " + kind + " has items that are " + describe(items) + ", not a list");
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null) {
                    collect(list.get(i), where + ", items[" + i + "]", out);
                }
            }
            return;
        }
        try {
            out.add(KUBERNETES.convertValue(map, GenericKubernetesResource.class));
        } catch (IllegalArgumentException e) {
            throw new RenderException(where + ": invalid " + kind + describeName(map) + ": " + rootMessage(e), e);
        }
    }

    /** {@code kind: List}, or a typed list ({@code ConfigMapList} …) that carries items, as kubectl flattens them. */
    private static boolean isList(String kind, Map<?, ?> map) {
        return kind.equals("List") || kind.endsWith("List") && map.get("items") instanceof List<?>;
    }

    private static String where(String origin, int index, Chunk chunk) {
        return origin + ": document " + index + " ("
                + (chunk.source() == null ? "" : "from " + chunk.source() + ", ")
                + "line " + chunk.line() + ")";
    }

    private static String describeSyntaxError(IOException e, int firstLine) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml) {
                StringBuilder sb = new StringBuilder("invalid YAML: ");
                if (yaml.getContext() != null) {
                    sb.append(yaml.getContext()).append(": ");
                }
                sb.append(yaml.getProblem());
                Mark mark = yaml.getProblemMark();
                if (mark != null) {
                    sb.append(" at line ").append(mark.getLine() + firstLine).append(", column ").append(mark.getColumn() + 1);
                }
                return sb.toString();
            }
        }
        if (e instanceof JsonProcessingException jpe) {
            StringBuilder sb = new StringBuilder("invalid syntax: ").append(jpe.getOriginalMessage());
            JsonLocation location = jpe.getLocation();
            if (location != null && location.getLineNr() > 0) {
                sb.append(" at line ").append(location.getLineNr() + firstLine - 1)
                        .append(", column ").append(location.getColumnNr());
            }
            return sb.toString();
        }
        return "cannot parse: " + e.getMessage();
    }

    private static String describeName(Map<?, ?> map) {
        if (map.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") instanceof String name) {
            return " (metadata.name " + name + ")";
        }
        return "";
    }

    private static String describe(Object value) {
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof String s) {
            return "the text '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        }
        return "the value " + value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * One YAML document's text.
     *
     * @param text   the document, without its separator line
     * @param line   the 1-based line of the file on which {@code text} starts
     * @param source the template a Helm document came from ({@code # Source:} comment), or {@code null}
     */
    private record Chunk(String text, int line, String source) {

        /** Whitespace and comments only: an empty document. */
        boolean isBlank() {
            for (String l : text.split("\n", -1)) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#") && !t.equals("...")) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Splits on separator lines ({@code ---} followed only by whitespace), like Kubernetes' YAML reader. */
    private static List<Chunk> split(String text) {
        List<Chunk> chunks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = new StringBuilder();
        int start = 1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("---") && line.substring(3).isBlank()) {
                chunks.add(chunk(current.toString(), start));
                current.setLength(0);
                start = i + 2;
            } else {
                current.append(line).append('\n');
            }
        }
        chunks.add(chunk(current.toString(), start));
        return chunks;
    }

    private static Chunk chunk(String text, int line) {
        String source = null;
        for (String l : text.split("\n", 8)) {
            String t = l.strip();
            if (t.startsWith("# Source: ")) {
                source = t.substring("# Source: ".length()).strip();
                break;
            }
            if (!t.isEmpty() && !t.startsWith("#")) {
                break;
            }
        }
        return new Chunk(text, line, source);
    }
}
