package dev.conveyor.git.write;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Flux-style setters: a scalar followed on its line by a marker comment,
 * {@code image: registry.example/app:1.2.3 # {"conveyor.dev/image-policy": "app-policy"}}, gets the policy's image
 * reference. The marker value {@code policy:tag}, {@code policy:name} or {@code policy:digest} sets only that part.
 * Works on every document of a multi-document file; finding no marker for the policy is an error.
 */
final class MarkerEdit implements FileEdit {

    /** The key inside the marker comment's JSON object. */
    static final String MARKER_KEY = "conveyor.dev/image-policy";

    private static final Pattern MARKER_COMMENT = Pattern.compile("^[ \\t]*#[ \\t]*(\\{.*\\})[ \\t]*$");

    private enum Part { REFERENCE, NAME, TAG, DIGEST }

    private final String policy;
    private final ImageVersion version;
    private final boolean writeTag;
    private final boolean writeDigest;

    MarkerEdit(String policy, ImageVersion version, boolean writeTag, boolean writeDigest) {
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("the image policy name is empty");
        }
        this.policy = policy;
        this.version = version;
        this.writeTag = writeTag;
        this.writeDigest = writeDigest;
        version.reference(writeTag, writeDigest); // fails now, not per file, when the version lacks a part
    }

    @Override
    public String apply(String path, String content) throws EditException {
        YamlText y = YamlText.parse(path, content);
        Splices s = new Splices(content);
        int markers = 0;
        for (ScalarNode scalar : scalars(y)) {
            Part part = markerOn(y, scalar);
            if (part == null) {
                continue;
            }
            markers++;
            String value = switch (part) {
                case REFERENCE -> version.reference(writeTag, writeDigest);
                case NAME -> version.image();
                case TAG -> writeTag ? version.tag() : null;
                case DIGEST -> writeDigest ? version.digest() : null;
            };
            if (value != null) {
                YamlEdits.replaceScalar(y, s, scalar, value, "the value marked for " + policy);
            }
        }
        if (markers == 0) {
            throw new EditException(path, "no marker {\"" + MARKER_KEY + "\": \"" + policy + "\"} found");
        }
        return s.apply();
    }

    /** Which part of the image the marker after this scalar asks for, or null when there is none for this policy. */
    private Part markerOn(YamlText y, ScalarNode scalar) {
        int start = y.start(scalar);
        int end = y.end(scalar);
        String text = y.text();
        if (text.substring(start, end).indexOf('\n') >= 0) {
            return null;
        }
        Matcher m = MARKER_COMMENT.matcher(text.substring(end, y.lineEnd(end)));
        if (!m.matches()) {
            return null;
        }
        Object marker;
        try {
            marker = new Load(LoadSettings.builder().build()).loadFromString(m.group(1));
        } catch (YamlEngineException e) {
            return null;
        }
        if (!(marker instanceof Map<?, ?> map) || !(map.get(MARKER_KEY) instanceof String value)) {
            return null;
        }
        if (value.equals(policy)) {
            return Part.REFERENCE;
        }
        for (Part p : List.of(Part.NAME, Part.TAG, Part.DIGEST)) {
            if (value.equals(policy + ":" + p.name().toLowerCase())) {
                return p;
            }
        }
        return null;
    }

    /** Every scalar value of every document, once (aliases lead back to the anchored node), in text order. */
    private static List<ScalarNode> scalars(YamlText y) {
        List<ScalarNode> out = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        for (Node doc : y.documents()) {
            collect(doc, out, seen);
        }
        return out;
    }

    private static void collect(Node n, List<ScalarNode> out, Map<Node, Boolean> seen) {
        if (seen.put(n, Boolean.TRUE) != null) {
            return;
        }
        if (n instanceof ScalarNode s) {
            out.add(s);
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                collect(t.getValueNode(), out, seen);
            }
        } else if (n instanceof SequenceNode q) {
            for (Node item : q.getValue()) {
                collect(item, out, seen);
            }
        }
    }

    @Override
    public String describe() {
        return "image policy " + policy + " -> " + version.reference(writeTag, writeDigest);
    }

    @Override
    public String toString() {
        return describe();
    }
}
