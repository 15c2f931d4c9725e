package dev.conveyor.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} substitution for ApplicationSet templates. Written here rather than taken from a library because
 * none with this behaviour is on the module's classpath (Jackson, JGit, SnakeYAML), and the rules are small:
 * <ul>
 *   <li>a placeholder is {@code {{key}}}, spaces inside the braces allowed ({@code {{ key }}});</li>
 *   <li>keys are the generator's parameters, nested element fields as dotted keys ({@code {{values.env}}});</li>
 *   <li>an unknown key or an unclosed <code>{{</code> is an error, never left in the output;</li>
 *   <li>only string values are rendered; map keys, numbers and booleans are left as they are; there is no escape.</li>
 * </ul>
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

    private Placeholders() {
    }

    /** Renders one string. */
    static String render(String template, Map<String, String> values, String path) throws DeclarationException {
        if (!template.contains("{{")) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new DeclarationException(path, "unknown placeholder {{" + key + "}} (known: "
                        + String.join(", ", new TreeSet<>(values.keySet())) + ")");
            }
            String between = template.substring(last, m.start());
            if (between.contains("{{")) {
                throw new DeclarationException(path, "unclosed placeholder in '" + template + "'");
            }
            out.append(between).append(value);
            last = m.end();
        }
        String rest = template.substring(last);
        if (rest.contains("{{")) {
            throw new DeclarationException(path, "unclosed placeholder in '" + template + "'");
        }
        return out.append(rest).toString();
    }

    /** A rendered deep copy of a JSON tree; {@code path} names the tree's root for errors. */
    static JsonNode render(JsonNode node, Map<String, String> values, String path) throws DeclarationException {
        if (node.isTextual()) {
            return TextNode.valueOf(render(node.textValue(), values, path));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                copy.set(f.getKey(), render(f.getValue(), values, Fields.path(path, f.getKey())));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(render(node.get(i), values, Fields.index(path, i)));
            }
            return copy;
        }
        return node.deepCopy();
    }

    /** A list element's fields as parameters: scalars by name, nested objects flattened to dotted names. */
    static void flatten(JsonNode node, String prefix, Map<String, String> into, String path)
            throws DeclarationException {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(v, key, into, Fields.path(path, f.getKey()));
            } else if (v.isArray()) {
                // Lists cannot be substituted into a string; using one as a placeholder reports it as unknown.
                continue;
            } else {
                String text = Fields.scalarText(v, Fields.path(path, f.getKey()));
                into.put(key, text == null ? "" : text);
            }
        }
    }
}
