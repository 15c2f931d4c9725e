package dev.conveyor.git.write;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Sets scalar values at dotted key paths of a Helm values file ({@code image.tag}). A missing key is added after its
 * parent mapping's last entry with that mapping's indentation; missing parents are created, nested by the file's own
 * indentation step. A path that runs through a scalar or a list is an error, never overwritten.
 */
final class HelmValuesEdit implements FileEdit {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final String description;

    HelmValuesEdit(String repositoryPath, String tagPath, String digestPath, ImageVersion version) {
        put(repositoryPath, version.image());
        if (tagPath != null) {
            put(tagPath, version.requireTag());
        }
        if (digestPath != null) {
            put(digestPath, version.requireDigest());
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to write: every key path is null");
        }
        this.description = "helm values " + values;
    }

    private void put(String path, String value) {
        if (path == null) {
            return;
        }
        if (path.isBlank() || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("not a dotted key path: '" + path + "'");
        }
        if (values.put(path, value) != null) {
            throw new IllegalArgumentException("key path given twice: " + path);
        }
    }

    @Override
    public String apply(String path, String content) throws EditException {
        String text = content;
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = set(YamlText.parse(path, text), List.of(v.getKey().split("\\.")), v.getValue());
        }
        return text;
    }

    private static String set(YamlText y, List<String> keys, String value) throws EditException {
        Splices s = new Splices(y.text());
        MappingNode mapping = y.rootMapping();
        for (int i = 0; i < keys.size(); i++) {
            NodeTuple entry = mapping == null ? null : YamlEdits.find(y, mapping, keys.get(i));
            if (entry == null) {
                YamlEdits.addPath(y, s, mapping, keys, i, value);
                return s.apply();
            }
            String walked = String.join(".", keys.subList(0, i + 1));
            if (i == keys.size() - 1) {
                YamlEdits.setScalar(y, s, entry, value, walked);
                return s.apply();
            }
            Node next = entry.getValueNode();
            if (YamlText.isEmpty(next) && !(next instanceof MappingNode)
                    || next instanceof MappingNode m && m.getValue().isEmpty()) {
                if (y.isAliasOf(entry.getKeyNode(), next)) {
                    throw new EditException(y.path(), walked + " is an alias; edit the anchored value instead");
                }
                List<String> lines = YamlEdits.pathLines(keys, i + 1, value, 0, YamlEdits.indentStep(y));
                YamlEdits.fillEmpty(y, s, entry, lines, YamlEdits.indentStep(y));
                return s.apply();
            }
            if (!(next instanceof MappingNode m)) {
                throw new EditException(y.path(), "key path " + String.join(".", keys) + " goes through " + walked
                        + " at " + y.where(entry.getKeyNode()) + ", which is a "
                        + next.getNodeType().name().toLowerCase() + ", not a mapping");
            }
            mapping = m;
        }
        throw new AssertionError("unreachable");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
