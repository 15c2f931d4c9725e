package dev.conveyor.images.engine;

import dev.conveyor.images.policy.WriteBack;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tag a file holds now for a policy's write-back (the {@code from} of {@code ImageUpdated}). Read-only and
 * forgiving: a file it cannot read gives null, and the edit itself reports real problems.
 */
final class CurrentVersion {

    private static final Pattern MARKER_VALUE = Pattern.compile(":\\s*[\"']?([^\"'#\\s]+)[\"']?\\s*#");

    private CurrentVersion() {
    }

    static String tag(String content, WriteBack.Edit edit, String policyName) {
        try {
            if (edit instanceof WriteBack.Kustomize k) return kustomizeTag(content, k.name());
            if (edit instanceof WriteBack.HelmValues h) return h.tagKey() == null ? null : helmValue(content, h.tagKey());
            return markerTag(content, policyName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String kustomizeTag(String content, String name) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(content);
        if (!(doc instanceof Map<?, ?> map) || !(map.get("images") instanceof List<?> images)) return null;
        for (Object o : images) {
            if (o instanceof Map<?, ?> entry && name.equals(String.valueOf(entry.get("name")))) {
                Object tag = entry.get("newTag");
                return tag == null ? null : String.valueOf(tag);
            }
        }
        return null;
    }

    private static String helmValue(String content, String dottedKey) {
        Object node = new Load(LoadSettings.builder().build()).loadFromString(content);
        for (String part : dottedKey.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) return null;
            node = map.get(part);
        }
        return node == null || node instanceof Map || node instanceof List ? null : String.valueOf(node);
    }

    private static String markerTag(String content, String policyName) {
        for (String line : content.split("\n")) {
            if (!line.contains("\"conveyor.dev/image-policy\"") || !line.contains("\"" + policyName)) continue;
            Matcher m = MARKER_VALUE.matcher(line);
            if (!m.find()) continue;
            String value = m.group(1);
            int at = value.indexOf('@');
            if (at >= 0) value = value.substring(0, at);
            int colon = value.lastIndexOf(':');
            // image:tag → tag; a bare tag (the ":tag" marker variant) is the tag itself.
            if (colon > value.lastIndexOf('/')) return value.substring(colon + 1);
            return value.contains("/") ? null : value;
        }
        return null;
    }
}
