package dev.conveyor.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DocumentsTest {

    @Test
    void splitsAtMarkersAndSkipsEmptyDocuments() {
        List<Documents.Document> docs = Documents.parse("f.yaml", """
                %YAML 1.2
                # comment
                ---
                a: 1
                --- {b: 2}
                ---
                # nothing here
                ...
                c: 3
                ...
                ---
                """);

        assertThat(docs).extracting(d -> d.node().toString()).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        assertThat(docs).extracting(Documents.Document::index).containsExactly(0, 1, 2);
        assertThat(docs).extracting(Documents.Document::firstLine).containsExactly(1, 5, 9);
    }

    @Test
    void aFileWithoutMarkersIsOneDocument() {
        assertThat(Documents.parse("f.yml", "a: 1\nb: [x, y]\n")).singleElement()
                .satisfies(d -> assertThat(d.node().toString()).isEqualTo("{\"a\":1,\"b\":[\"x\",\"y\"]}"));
        assertThat(Documents.parse("f.yaml", "\n# just a comment\n")).isEmpty();
    }

    @Test
    void markerLikeTextInsideABlockScalarIsContent() {
        List<Documents.Document> docs = Documents.parse("f.yaml", "a: |\n  ---\n  text\nb: 1\n");
        assertThat(docs).singleElement().satisfies(d -> assertThat(d.node().get("a").asText()).isEqualTo("---\ntext\n"));
    }

    @Test
    void reportsSyntaxErrorsWithTheLineInTheFile() {
        List<Documents.Document> docs = Documents.parse("f.yaml", "a: 1\n---\nb: 2\nc: [\n---\nd: 4\n");
        assertThat(docs).hasSize(3);
        assertThat(docs.get(1).error()).matches("syntax error at line [45], column \\d+: .+");
        assertThat(docs.get(2).node().toString()).isEqualTo("{\"d\":4}");
    }

    @Test
    void jsonFilesAreOneStrictDocument() {
        assertThat(Documents.parse("f.json", "{\"a\": 1}")).singleElement()
                .satisfies(d -> assertThat(d.node().get("a").asInt()).isEqualTo(1));
        assertThat(Documents.parse("f.json", "{\"a\": 1} {\"b\": 2}")).singleElement()
                .satisfies(d -> assertThat(d.error()).startsWith("syntax error"));
    }
}
