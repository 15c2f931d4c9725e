package dev.conveyor.git.write;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Text replacements at fixed positions of one original text, applied together so that earlier ones do not shift the
 * positions of later ones.
 */
final class Splices {

    private record Splice(int start, int end, String replacement, int order) {
    }

    private final String text;
    private final List<Splice> splices = new ArrayList<>();

    Splices(String text) {
        this.text = text;
    }

    Splices replace(int start, int end, String replacement) {
        if (start < 0 || end < start || end > text.length()) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
        if (!text.substring(start, end).equals(replacement)) {
            splices.add(new Splice(start, end, replacement, splices.size()));
        }
        return this;
    }

    Splices insert(int at, String insertion) {
        return replace(at, at, insertion);
    }

    boolean isEmpty() {
        return splices.isEmpty();
    }

    /** The text with every splice applied; splices at the same position keep the order they were added in. */
    String apply() {
        List<Splice> sorted = new ArrayList<>(splices);
        sorted.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::order));
        StringBuilder out = new StringBuilder(text.length() + 64);
        int pos = 0;
        for (Splice s : sorted) {
            if (s.start() < pos) {
                throw new IllegalStateException("overlapping edits at " + s.start());
            }
            out.append(text, pos, s.start()).append(s.replacement());
            pos = s.end();
        }
        return out.append(text, pos, text.length()).toString();
    }
}
