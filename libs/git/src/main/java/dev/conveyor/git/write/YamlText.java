package dev.conveyor.git.write;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML file's text together with its composed node trees, used only to <em>locate</em> text: every position is a
 * {@code char} index into {@link #text()}, so edits can be spliced into the original text and everything around them
 * stays byte-for-byte as it was. (snakeyaml-engine's marks count code points; this class converts.)
 */
final class YamlText {

    private static final int CODE_POINT_LIMIT = 16 * 1024 * 1024;

    private final String path;
    private final String text;
    private final List<Node> documents;
    /** Code point index → char index, or null when the text has no surrogate pairs (the two are equal). */
    private final int[] charIndex;

    private YamlText(String path, String text, List<Node> documents, int[] charIndex) {
        this.path = path;
        this.text = text;
        this.documents = documents;
        this.charIndex = charIndex;
    }

    static YamlText parse(String path, String text) throws EditException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(path)
                .setCodePointLimit(CODE_POINT_LIMIT)
                .setParseComments(false)
                .build();
        List<Node> docs = new ArrayList<>();
        try {
            for (Node n : new Compose(settings).composeAllFromString(text)) {
                docs.add(n);
            }
        } catch (YamlEngineException e) {
            throw new EditException(path, "not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        int[] index = null;
        if (text.codePointCount(0, text.length()) != text.length()) {
            int count = text.codePointCount(0, text.length());
            index = new int[count + 1];
            int ch = 0;
            for (int cp = 0; cp < count; cp++) {
                index[cp] = ch;
                ch += Character.charCount(text.codePointAt(ch));
            }
            index[count] = text.length();
        }
        return new YamlText(path, text, List.copyOf(docs), index);
    }

    String path() {
        return path;
    }

    String text() {
        return text;
    }

    List<Node> documents() {
        return documents;
    }

    /** The first document's root mapping; null when the file holds no document or an empty one. */
    MappingNode rootMapping() throws EditException {
        if (documents.isEmpty()) {
            return null;
        }
        Node root = documents.get(0);
        if (root instanceof MappingNode m) {
            return m;
        }
        if (isEmpty(root)) {
            return null;
        }
        throw new EditException(path, "the document is a " + root.getNodeType().name().toLowerCase()
                + ", not a mapping");
    }

    int start(Node n) {
        return toChar(n.getStartMark().orElseThrow());
    }

    int end(Node n) {
        return toChar(n.getEndMark().orElseThrow());
    }

    private int toChar(Mark m) {
        int i = m.getIndex();
        return charIndex == null ? i : charIndex[Math.min(i, charIndex.length - 1)];
    }

    int lineStart(int pos) {
        int nl = text.lastIndexOf('\n', pos - 1);
        return nl + 1;
    }

    /** The index of the line break (or the end of the text) that ends the line holding {@code pos}. */
    int lineEnd(int pos) {
        int nl = text.indexOf('\n', pos);
        if (nl < 0) {
            return text.length();
        }
        return nl > 0 && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
    }

    /** Where the next line starts, or -1 when {@code pos} is on the last line and it has no line break. */
    int nextLineStart(int pos) {
        int nl = text.indexOf('\n', pos);
        return nl < 0 ? -1 : nl + 1;
    }

    int column(int pos) {
        return pos - lineStart(pos);
    }

    /** The line break the file uses: CRLF when its first line break is one, LF otherwise. */
    String lineBreak() {
        int nl = text.indexOf('\n');
        return nl > 0 && text.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
    }

    /**
     * Where a line inserted right after a node's last line goes: after the line break that ends the line holding
     * the node's last character (past trailing comments on that line, before any following comment lines).
     * -1 when that line is the last one and has no line break.
     */
    int insertionPointAfter(Node n) {
        int end = contentEnd(n);
        if (end > 0 && text.charAt(end - 1) == '\n') {
            return end;
        }
        return nextLineStart(end);
    }

    /** The end of what a node really spans: block collections end at their last entry, not at the next token. */
    int contentEnd(Node n) {
        if (n instanceof MappingNode m && m.getFlowStyle() == FlowStyle.BLOCK && !m.getValue().isEmpty()) {
            return contentEnd(m.getValue().get(m.getValue().size() - 1).getValueNode());
        }
        if (n instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.BLOCK && !s.getValue().isEmpty()) {
            return contentEnd(s.getValue().get(s.getValue().size() - 1));
        }
        return end(n);
    }

    /** A value written as nothing, {@code ~}, {@code null}, {@code {}} or {@code []}: a place to put children. */
    static boolean isEmpty(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getScalarStyle() == ScalarStyle.PLAIN
                    && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equalsIgnoreCase("null"));
        }
        return n instanceof CollectionNode<?> c && c.getValue().isEmpty();
    }

    /** Where a node was written, for messages: {@code line 12}. */
    String where(Node n) {
        return "line " + (n.getStartMark().orElseThrow().getLine() + 1);
    }

    /** Whether a node was reached through an alias: it was written before the key it is the value of. */
    boolean isAliasOf(Node key, Node value) {
        return start(value) < end(key);
    }
}
