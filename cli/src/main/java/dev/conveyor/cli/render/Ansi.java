package dev.conveyor.cli.render;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** ANSI colours, used only when standard output is a terminal and {@code NO_COLOR} is not set. */
public final class Ansi {

    public enum Style {
        BOLD("1"), GREEN("32"), YELLOW("33"), RED("31"), DIM("2");

        private final String code;

        Style(String code) {
            this.code = code;
        }

        public String wrap(String text) {
            return "\u001b[" + code + "m" + text + "\u001b[0m";
        }
    }

    private Ansi() {
    }

    /** Whether to colour: a terminal on standard output, {@code NO_COLOR} unset and {@code TERM} not {@code dumb}. */
    public static boolean enabled(Map<String, String> env) {
        if (env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"))) return false;
        Console console = System.console();
        if (console == null) return false; // Java 17-21: null unless stdin and stdout are terminals
        try {
            // Java 22+ returns a console even when redirected; it says whether it really is a terminal.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    /** Colour for a sync status, health, or stage status value. */
    public static Style forStatus(String value) {
        if (value == null) return null;
        String v = value.contains(" ") ? value.substring(0, value.indexOf(' ')) : value;
        return switch (v) {
            case "SYNCED", "HEALTHY", "VERIFIED", "SUCCEEDED" -> Style.GREEN;
            case "OUT_OF_SYNC", "PROGRESSING", "PROMOTING", "SOAKING", "SUSPENDED" -> Style.YELLOW;
            case "DEGRADED", "MISSING", "FAILED" -> Style.RED;
            default -> null;
        };
    }
}
