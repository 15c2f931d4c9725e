package dev.conveyor.git.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets an image override in a kustomization's {@code images:} list (the entry whose {@code name} is the image as the
 * manifests reference it), adding the entry, or the list, when missing. One field at a time, re-reading the text in
 * between, so each step sees the result of the one before.
 */
final class KustomizeImageEdit implements FileEdit {

    private final String name;
    private final Map<String, String> fields;
    private final String description;

    KustomizeImageEdit(String name, String newName, ImageVersion version, boolean writeTag, boolean writeDigest) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the image name to match is empty");
        }
        if (newName == null && !writeTag && !writeDigest) {
            throw new IllegalArgumentException("nothing to write: no newName, tag or digest");
        }
        this.name = name;
        this.fields = new LinkedHashMap<>();
        if (newName != null) {
            fields.put("newName", newName);
        }
        if (writeTag) {
            fields.put("newTag", version.requireTag());
        }
        if (writeDigest) {
            fields.put("digest", version.requireDigest());
        }
        this.description = "kustomize image " + name + " " + fields;
    }

    @Override
    public String apply(String path, String content) throws EditException {
        String text = content;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            text = setField(YamlText.parse(path, text), field.getKey(), field.getValue());
        }
        return text;
    }

    private String setField(YamlText y, String field, String value) throws EditException {
        Splices s = new Splices(y.text());
        MappingNode root = y.rootMapping();
        NodeTuple images = root == null ? null : YamlEdits.find(y, root, "images");
        if (images == null) {
            List<String> lines = new ArrayList<>(List.of("images:"));
            lines.addAll(newEntry(YamlEdits.SequenceIndent.of(y, root), 0));
            if (root == null) {
                if (y.documents().size() > 1) {
                    throw new EditException(y.path(), "the first document is empty");
                }
                YamlEdits.insertLines(y, s, -1, lines);
            } else {
                if (root.getFlowStyle() == FlowStyle.FLOW) {
                    throw new EditException(y.path(), "the kustomization is a flow-style mapping; cannot add images");
                }
                YamlEdits.insertLines(y, s, y.insertionPointAfter(root), lines);
            }
            return s.apply();
        }
        Node list = images.getValueNode();
        if (YamlText.isEmpty(list)) {
            YamlEdits.SequenceIndent indent = YamlEdits.SequenceIndent.of(y, root);
            YamlEdits.fillEmpty(y, s, images, newEntry(indent, 0), 0);
            return s.apply();
        }
        if (!(list instanceof SequenceNode seq)) {
            throw new EditException(y.path(), "'images' at " + y.where(list) + " is not a list");
        }
        MappingNode entry = entryNamed(y, seq);
        if (entry == null) {
            if (seq.getFlowStyle() == FlowStyle.FLOW) {
                throw new EditException(y.path(), "'images' at " + y.where(seq)
                        + " is a flow-style list; cannot add an entry for " + name);
            }
            int dashColumn = y.column(y.start(seq));
            int entryIndent = y.column(y.start(seq.getValue().get(0))) - dashColumn;
            List<String> lines = newEntry(new YamlEdits.SequenceIndent(0, Math.max(1, entryIndent)), dashColumn);
            YamlEdits.insertLines(y, s, y.insertionPointAfter(seq), lines);
            return s.apply();
        }
        NodeTuple existing = YamlEdits.find(y, entry, field);
        if (existing != null) {
            YamlEdits.setScalar(y, s, existing, value, "images[name=" + name + "]." + field);
        } else {
            YamlEdits.addPath(y, s, entry, List.of(field), 0, value);
        }
        return s.apply();
    }

    private MappingNode entryNamed(YamlText y, SequenceNode seq) throws EditException {
        MappingNode found = null;
        for (Node item : seq.getValue()) {
            if (item instanceof MappingNode m) {
                NodeTuple n = YamlEdits.find(y, m, "name");
                if (n != null && name.equals(YamlEdits.scalarValue(n))) {
                    if (found != null) {
                        throw new EditException(y.path(), "two 'images' entries are named " + name);
                    }
                    found = m;
                }
            }
        }
        return found;
    }

    /** A whole new entry: {@code - name: ...} followed by every field, in Kustomize's order. */
    private List<String> newEntry(YamlEdits.SequenceIndent indent, int base) {
        String dashPad = " ".repeat(base + indent.dash());
        String keyPad = " ".repeat(base + indent.dash() + indent.entry());
        String afterDash = " ".repeat(Math.max(1, indent.entry() - 1));
        List<String> lines = new ArrayList<>();
        lines.add(dashPad + "-" + afterDash + "name: " + ScalarText.plainOrQuoted(name));
        for (Map.Entry<String, String> f : fields.entrySet()) {
            lines.add(keyPad + f.getKey() + ": " + ScalarText.plainOrQuoted(f.getValue()));
        }
        return lines;
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
