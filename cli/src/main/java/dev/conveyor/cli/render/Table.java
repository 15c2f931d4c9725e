package dev.conveyor.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Aligned plain-text columns, three spaces apart, no trailing blanks. Widths are measured on the plain text; colour
 * (when on) is added after padding, so coloured and plain tables line up the same.
 */
public final class Table {

    private static final String GAP = "   ";

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private final Function<String, Ansi.Style>[] styles;

    @SuppressWarnings("unchecked")
    public Table(String... headers) {
        this.headers = headers.clone();
        this.styles = new Function[headers.length];
    }

    /** Adds a row; {@code null} or blank cells print as {@code -}. */
    public Table row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        String[] row = Arrays.stream(cells).map(c -> c == null || c.isBlank() ? "-" : c.replace('\n', ' ')).toArray(String[]::new);
        rows.add(row);
        return this;
    }

    /** Colours a column's cells by their value (used only when colour is on). */
    public Table style(int column, Function<String, Ansi.Style> style) {
        styles[column] = style;
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out, boolean colour) {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) width[i] = headers[i].length();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        }
        out.println(line(headers, width, colour, true));
        for (String[] row : rows) out.println(line(row, width, colour, false));
        out.flush();
    }

    private String line(String[] cells, int[] width, boolean colour, boolean header) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String cell = cells[i];
            String padded = last ? cell : cell + " ".repeat(width[i] - cell.length());
            if (colour && header) {
                padded = Ansi.Style.BOLD.wrap(cell) + padded.substring(cell.length());
            } else if (colour && styles[i] != null) {
                Ansi.Style style = styles[i].apply(cell);
                if (style != null) padded = style.wrap(cell) + padded.substring(cell.length());
            }
            s.append(padded);
            if (!last) s.append(GAP);
        }
        return s.toString().stripTrailing();
    }
}
