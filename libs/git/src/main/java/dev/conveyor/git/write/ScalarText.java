package dev.conveyor.git.write;

import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * How a string value is written as a YAML scalar. A replaced scalar keeps its quoting style; a plain one stays plain
 * only while the new value still reads back as the same string in YAML 1.1 and 1.2 (so a tag {@code 1.20} is written
 * {@code "1.20"}, not as a float that Helm would turn into {@code 1.2}).
 */
final class ScalarText {

    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:@+=~-]*");
    private static final Set<String> NOT_STRINGS_1_1 = Set.of("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
            "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null",
            "Null", "NULL");
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\\.[0-9_]*)?([eE][-+]?[0-9]+)?"
                    + "|\\.[0-9_]+([eE][-+]?[0-9]+)?|\\.(inf|Inf|INF|nan|NaN|NAN))");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");

    private ScalarText() {
    }

    /** The text that replaces a scalar written in {@code style} so that it reads back as {@code value}. */
    static String as(ScalarStyle style, String value) {
        if (style == ScalarStyle.SINGLE_QUOTED && value.indexOf('\n') < 0) {
            return "'" + value.replace("'", "''") + "'";
        }
        if (style == ScalarStyle.DOUBLE_QUOTED) {
            return doubleQuoted(value);
        }
        return plainOrQuoted(value);
    }

    /** Plain when that reads back as the same string, double-quoted otherwise. */
    static String plainOrQuoted(String value) {
        return isPlainSafe(value) ? value : doubleQuoted(value);
    }

    static boolean isPlainSafe(String value) {
        return PLAIN_SAFE.matcher(value).matches()
                && !value.endsWith(":")
                && !NOT_STRINGS_1_1.contains(value)
                && !NUMBER.matcher(value).matches()
                && !TIMESTAMP.matcher(value).matches();
    }

    static String doubleQuoted(String value) {
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
