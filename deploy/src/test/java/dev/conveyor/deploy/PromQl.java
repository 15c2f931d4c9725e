package dev.conveyor.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names (and the label names matched on them) in a PromQL expression — enough of PromQL for
 * dashboards and alert rules: functions, aggregations with by/without, vector matching, ranges, strings, Grafana
 * variables.
 */
final class PromQl {

    static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset", "inf", "nan", "atan2", "start", "end");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern CLAUSE = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w])");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

    private PromQl() {
    }

    /** Metric name → the label names matched on it in {@code {...}} selectors. */
    static Map<String, Set<String>> metrics(String expr) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        // Selectors with their label names, before strings are blanked (label values are strings).
        String noVars = GRAFANA_VARIABLE.matcher(expr).replaceAll("0");
        Matcher sel = SELECTOR.matcher(noVars);
        while (sel.find()) {
            if (sel.group(1) != null && !KEYWORDS.contains(sel.group(1))) {
                Set<String> labels = out.computeIfAbsent(sel.group(1), k -> new LinkedHashSet<>());
                Matcher lm = LABEL_MATCHER.matcher(STRING.matcher(sel.group(2)).replaceAll("\"\""));
                while (lm.find()) {
                    labels.add(lm.group(1));
                }
            }
        }
        String s = STRING.matcher(noVars).replaceAll(" ");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = CLAUSE.matcher(s).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean call = after < s.length() && s.charAt(after) == '(';
            if (call || KEYWORDS.contains(name.toLowerCase())) {
                continue;
            }
            out.computeIfAbsent(name, k -> new LinkedHashSet<>());
        }
        return out;
    }
}
