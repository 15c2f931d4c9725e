package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: every folder under {@code src/test/resources/write/} holds {@code original.yaml}, the
 * {@code expected.yaml} after the edit described by {@code edit.properties}, compared byte for byte; and applying the
 * edit to the expected file must change nothing (so a redelivered update makes no commit).
 */
class ImageEditsGoldenTest {

    @TestFactory
    Stream<DynamicTest> everyCase() throws IOException, URISyntaxException {
        Path root = Path.of(ImageEditsGoldenTest.class.getResource("/write").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream()
                    .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
        }
    }

    private static void check(Path dir) throws Exception {
        FileEdit edit = editOf(dir.resolve("edit.properties"));
        byte[] original = Files.readAllBytes(dir.resolve("original.yaml"));
        byte[] expected = Files.readAllBytes(dir.resolve("expected.yaml"));
        String path = dir.getFileName() + ".yaml";

        String edited = edit.apply(path, new String(original, StandardCharsets.UTF_8));
        // Readable diff first (line breaks shown), then the byte-for-byte comparison that counts.
        assertThat(visible(edited)).as("%s: %s", dir.getFileName(), edit.describe())
                .isEqualTo(visible(new String(expected, StandardCharsets.UTF_8)));
        assertThat(edited.getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);

        String again = edit.apply(path, edited);
        assertThat(again).as("applying %s twice", edit.describe()).isEqualTo(edited);
    }

    private static String visible(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n\n");
    }

    static FileEdit editOf(Path propertiesFile) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(propertiesFile)) {
            p.load(r);
        }
        ImageVersion version = new ImageVersion(p.getProperty("image"), p.getProperty("tag"), p.getProperty("digest"));
        boolean writeTag = Boolean.parseBoolean(p.getProperty("writeTag", "false"));
        boolean writeDigest = Boolean.parseBoolean(p.getProperty("writeDigest", "false"));
        return switch (p.getProperty("kind")) {
            case "kustomize" -> ImageEdits.kustomize(p.getProperty("name"), p.getProperty("newName"), version, writeTag,
                    writeDigest);
            case "helm" -> ImageEdits.helmValues(p.getProperty("repositoryPath"), p.getProperty("tagPath"),
                    p.getProperty("digestPath"), version);
            case "markers" -> ImageEdits.markers(p.getProperty("policy"), version, writeTag, writeDigest);
            default -> throw new IllegalArgumentException("unknown kind in " + propertiesFile);
        };
    }
}
