package dev.conveyor.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/events.md is generated from the schemas; this fails when someone changed a contract and not the catalogue. */
class EventCatalogueTest {

    @Test
    void committedCatalogueMatchesTheSchemas() throws Exception {
        Path committed = Path.of(System.getProperty("conveyor.docs.dir", "../docs"), "events.md");
        String expected = EventCatalogue.render();
        if (Boolean.getBoolean("conveyor.regenerate")) {
            Files.writeString(committed, expected, StandardCharsets.UTF_8);
        }
        assertThat(committed).exists();
        assertThat(Files.readString(committed, StandardCharsets.UTF_8))
                .as("docs/events.md is stale: run mvn -pl schemas test -Dconveyor.regenerate=true")
                .isEqualTo(expected);
        assertThat(expected).contains("dev.conveyor.commit.pushed.v1", "dev.conveyor.image.tagged.v1", "`commits[].sha`");
    }
}
