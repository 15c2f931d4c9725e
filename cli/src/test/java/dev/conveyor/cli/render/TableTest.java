package dev.conveyor.cli.render;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    private static String print(Table table, boolean colour) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out), colour);
        return out.toString();
    }

    private static Table sample() {
        return new Table("NAME", "STATUS", "NOTE")
                .row("payments", "VERIFIED", "")
                .row("web", "FAILED", "rollout\ntimed out")
                .style(1, Ansi::forStatus);
    }

    @Test
    void columnsAreAlignedThreeSpacesApartWithoutTrailingBlanks() {
        assertThat(print(sample(), false)).isEqualTo("""
                NAME       STATUS     NOTE
                payments   VERIFIED   -
                web        FAILED     rollout timed out
                """);
    }

    @Test
    void colourWrapsTheTextButNotThePadding() {
        String coloured = print(sample(), true);

        assertThat(coloured).contains("\u001b[32mVERIFIED\u001b[0m   -").contains("\u001b[31mFAILED\u001b[0m     rollout");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(print(sample(), false));
    }
}
