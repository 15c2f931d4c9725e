package dev.conveyor.declarations;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a file into documents and parses each on its own, so that a syntax error in one document loses only that
 * document. YAML files split at {@code ---} / {@code ...} lines (a line starting with them is always a document
 * marker, never scalar content); JSON files hold one document.
 */
final class Documents {

    /** One non-empty document: its node, or the syntax error that replaced it. */
    record Document(int index, int firstLine, JsonNode node, String error) {
    }

    private static final Pattern START = Pattern.compile("^---(?:[ \\t].*)?$");
    private static final Pattern END = Pattern.compile("^\\.\\.\\.[ \\t]*$");

    static final ObjectMapper YAML = configure(YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)).build();
    static final ObjectMapper JSON = configure(JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)).build();

    private Documents() {
    }

    private static <B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<?, B>> B configure(B builder) {
        // Keep decimals as written: "version: 1.10" must not become "1.1".
        return builder.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    static List<Document> parse(String fileName, String text) {
        boolean json = fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        List<Document> out = new ArrayList<>();
        if (json) {
            if (!text.isBlank()) {
                out.add(parseOne(JSON, 0, 1, text));
            }
            return out;
        }
        String[] lines = text.split("\r?\n", -1);
        StringBuilder current = new StringBuilder();
        int firstLine = 1;
        boolean hasContent = false;
        boolean hasStart = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (START.matcher(line).matches()) {
                // Directives and comments before the first marker belong to the document the marker starts.
                if (hasContent || hasStart) {
                    add(out, current, firstLine);
                    current.setLength(0);
                    firstLine = i + 1;
                    hasContent = false;
                }
                hasStart = true;
                current.append(line).append('\n');
            } else if (END.matcher(line).matches()) {
                current.append(line).append('\n');
                add(out, current, firstLine);
                current.setLength(0);
                firstLine = i + 2;
                hasContent = false;
                hasStart = false;
            } else {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("%")) {
                    hasContent = true;
                }
                current.append(line).append('\n');
            }
        }
        add(out, current, firstLine);
        return out;
    }

    private static void add(List<Document> out, CharSequence text, int firstLine) {
        String s = text.toString();
        if (isBlank(s)) {
            return;
        }
        out.add(parseOne(YAML, out.size(), firstLine, s));
    }

    /** Only comments, directives and bare markers. */
    private static boolean isBlank(String s) {
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("%") || END.matcher(line).matches()) {
                continue;
            }
            if (START.matcher(line).matches()) {
                String rest = line.substring(3).strip();
                if (rest.isEmpty() || rest.startsWith("#")) {
                    continue;
                }
            }
            return false;
        }
        return true;
    }

    private static Document parseOne(ObjectMapper mapper, int index, int firstLine, String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return new Document(index, firstLine, node, null);
        } catch (JsonProcessingException e) {
            return new Document(index, firstLine, null, describe(e, firstLine));
        }
    }

    private static String describe(JsonProcessingException e, int firstLine) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // SnakeYAML appends the location and a source excerpt on further lines; the location is reported below.
        message = message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .takeWhile(l -> !l.startsWith("in 'reader'") && !l.startsWith("at [Source"))
                .reduce((a, b) -> a + " " + b).orElse(message.strip());
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            return "syntax error at line " + (firstLine + loc.getLineNr() - 1) + ", column " + loc.getColumnNr()
                    + ": " + message;
        }
        return "syntax error: " + message;
    }
}
