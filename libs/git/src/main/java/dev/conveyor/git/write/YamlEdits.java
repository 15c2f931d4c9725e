package dev.conveyor.git.write;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The text operations the image edits are made of: replace one scalar, add keys to a block mapping, fill an empty
 * value with a block. Each adds splices to a {@link Splices} of the same text; none touches anything else.
 */
final class YamlEdits {

    private static final int DEFAULT_INDENT_STEP = 2;

    private YamlEdits() {
    }

    /** The entry of {@code key} in a mapping, or null. Duplicate keys are an error: which one to edit is unclear. */
    static NodeTuple find(YamlText y, MappingNode mapping, String key) throws EditException {
        NodeTuple found = null;
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                if (found != null) {
                    throw new EditException(y.path(), "duplicate key '" + key + "' at " + y.where(k));
                }
                found = t;
            }
        }
        return found;
    }

    /** The scalar value of an entry, as a string, or null when it is not a non-empty scalar. */
    static String scalarValue(NodeTuple t) {
        return t.getValueNode() instanceof ScalarNode s && !YamlText.isEmpty(s) ? s.getValue() : null;
    }

    /**
     * Sets the value of an entry to a scalar, keeping the replaced scalar's quoting style.
     *
     * @param what how the entry is named in messages (e.g. the dotted key path)
     */
    static void setScalar(YamlText y, Splices s, NodeTuple entry, String value, String what) throws EditException {
        Node v = entry.getValueNode();
        if (!(v instanceof ScalarNode scalar)) {
            throw new EditException(y.path(), what + " at " + y.where(entry.getKeyNode()) + " is a "
                    + v.getNodeType().name().toLowerCase() + ", not a scalar value");
        }
        if (y.isAliasOf(entry.getKeyNode(), v)) {
            throw new EditException(y.path(), what + " at " + y.where(entry.getKeyNode())
                    + " is an alias; edit the anchored value instead");
        }
        replaceScalar(y, s, scalar, value, what);
    }

    /** Replaces one scalar's text (an empty value gets one). */
    static void replaceScalar(YamlText y, Splices s, ScalarNode scalar, String value, String what)
            throws EditException {
        if (scalar.getValue().equals(value) && !scalar.getValue().isEmpty()) {
            return;
        }
        ScalarStyle style = scalar.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            throw new EditException(y.path(), what + " at " + y.where(scalar)
                    + " is a block scalar (| or >); write it as a single-line value");
        }
        int start = y.start(scalar);
        int end = y.end(scalar);
        if (start == end) {
            boolean afterColon = start > 0 && y.text().charAt(start - 1) == ':';
            s.insert(start, (afterColon ? " " : "") + ScalarText.plainOrQuoted(value));
        } else {
            s.replace(start, end, ScalarText.as(style, value));
        }
    }

    /**
     * Adds {@code path[from..]} with {@code value} to a mapping: the first missing key goes after the mapping's last
     * entry with the indentation of its other keys, the ones below it are nested one indentation step deeper.
     *
     * @param mapping the mapping, or null for the (empty) document root
     */
    static void addPath(YamlText y, Splices s, MappingNode mapping, List<String> path, int from, String value)
            throws EditException {
        if (mapping == null) {
            if (y.documents().size() > 1) {
                throw new EditException(y.path(), "the first document is empty");
            }
            insertLines(y, s, -1, pathLines(path, from, value, 0, indentStep(y)));
            return;
        }
        if (mapping.getFlowStyle() == FlowStyle.FLOW && !mapping.getValue().isEmpty()) {
            throw new EditException(y.path(), "cannot add '" + path.get(from) + "' to the flow-style mapping at "
                    + y.where(mapping) + "; write it in block style");
        }
        if (mapping.getValue().isEmpty()) {
            throw new EditException(y.path(), "cannot add '" + path.get(from) + "' to the empty mapping at "
                    + y.where(mapping));
        }
        if (find(y, mapping, "<<") != null) {
            // A key added here would replace the merged one as a whole (merges are shallow), losing its siblings.
            throw new EditException(y.path(), "'" + path.get(from) + "' is missing from the mapping at "
                    + y.where(mapping) + ", which merges another (<<); set the value where it is defined");
        }
        int indent = y.column(y.start(mapping.getValue().get(0).getKeyNode()));
        insertLines(y, s, y.insertionPointAfter(mapping), pathLines(path, from, value, indent, indentStep(y)));
    }

    /**
     * Replaces an empty value ({@code key:}, {@code key: ~}, {@code key: {}}, {@code key: []}) with a block of lines
     * below the key, indented {@code extraIndent} deeper than the key (each line already carries its own relative
     * indentation).
     */
    static void fillEmpty(YamlText y, Splices s, NodeTuple entry, List<String> lines, int extraIndent) {
        Node key = entry.getKeyNode();
        Node v = entry.getValueNode();
        int start = y.start(v);
        int end = y.end(v);
        int lineEnd = y.lineEnd(end);
        String rest = y.text().substring(end, lineEnd);
        if (rest.isBlank()) {
            // Drop the spaces before the removed value too, so no trailing whitespace is left behind.
            while (start > 0 && (y.text().charAt(start - 1) == ' ' || y.text().charAt(start - 1) == '\t')) {
                start--;
            }
        }
        s.replace(start, end, "");
        String pad = " ".repeat(y.column(y.start(key)) + extraIndent);
        List<String> indented = new ArrayList<>();
        for (String line : lines) {
            indented.add(pad + line);
        }
        insertLines(y, s, y.nextLineStart(end), indented);
    }

    /** {@code a:} / {@code   b:} / {@code     c: value}, relative to the first key's indentation. */
    static List<String> pathLines(List<String> path, int from, String value, int indent, int step) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < path.size(); i++) {
            String pad = " ".repeat(indent + (i - from) * step);
            String key = ScalarText.plainOrQuoted(path.get(i));
            lines.add(i == path.size() - 1 ? pad + key + ": " + ScalarText.plainOrQuoted(value) : pad + key + ":");
        }
        return lines;
    }

    /**
     * Inserts whole lines at a line start, with the file's line breaks.
     *
     * @param at a line start, or -1 for the end of the text (a line break is added first when the last line has none)
     */
    static void insertLines(YamlText y, Splices s, int at, List<String> lines) {
        String br = y.lineBreak();
        String text = y.text();
        StringBuilder b = new StringBuilder();
        int pos = at;
        if (pos < 0) {
            pos = text.length();
            if (!text.isEmpty() && !text.endsWith("\n")) {
                b.append(br);
            }
        }
        for (String line : lines) {
            b.append(line).append(br);
        }
        s.insert(pos, b.toString());
    }

    /** How far this file indents a nested block mapping under its key; 2 when it has none. */
    static int indentStep(YamlText y) {
        for (Node doc : y.documents()) {
            int step = indentStep(y, doc, 0);
            if (step > 0) {
                return step;
            }
        }
        return DEFAULT_INDENT_STEP;
    }

    private static int indentStep(YamlText y, Node n, int depth) {
        if (depth > 50 || !(n instanceof MappingNode m) || m.getFlowStyle() != FlowStyle.BLOCK) {
            return 0;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getValueNode() instanceof MappingNode child && child.getFlowStyle() == FlowStyle.BLOCK
                    && !child.getValue().isEmpty() && !y.isAliasOf(t.getKeyNode(), child)) {
                int step = y.column(y.start(child)) - y.column(y.start(t.getKeyNode()));
                if (step > 0) {
                    return step;
                }
            }
        }
        return 0;
    }

    /**
     * Where a block sequence's dash sits relative to its key ({@code dash}), and its entries' keys relative to the dash
     * ({@code entry}), as this file writes block sequences under a mapping key; Kustomize's own style (0, 2) when none.
     */
    record SequenceIndent(int dash, int entry) {
        static SequenceIndent of(YamlText y, MappingNode mapping) {
            if (mapping != null) {
                for (NodeTuple t : mapping.getValue()) {
                    if (t.getValueNode() instanceof SequenceNode seq && seq.getFlowStyle() == FlowStyle.BLOCK
                            && !seq.getValue().isEmpty() && !y.isAliasOf(t.getKeyNode(), seq)) {
                        int dashCol = y.column(y.start(seq));
                        int dash = dashCol - y.column(y.start(t.getKeyNode()));
                        int entry = y.column(y.start(seq.getValue().get(0))) - dashCol;
                        if (dash >= 0 && entry > 0) {
                            return new SequenceIndent(dash, entry);
                        }
                    }
                }
            }
            return new SequenceIndent(0, 2);
        }
    }
}
