package dev.conveyor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' real {@code /q/metrics}, as their integration tests saved them (target/metrics-scrape.txt, written
 * by dev.conveyor.testing.metrics.MetricsScrape): sample names (what PromQL selects: {@code x_total},
 * {@code x_seconds_bucket}, ...) with their label names.
 */
final class Scrapes {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    /** sample name → label names; and the service each came from. */
    final Map<String, Set<String>> labels = new HashMap<>();
    final Map<String, Set<String>> services = new HashMap<>();

    static Path file(String service) {
        return Repo.path("services/" + service + "/target/metrics-scrape.txt");
    }

    static Scrapes load() {
        Scrapes s = new Scrapes();
        for (String service : Repo.SERVICES) {
            Path f = file(service);
            if (!Files.isRegularFile(f)) {
                throw new AssertionError(f + " is missing: it is written by " + service + "'s integration test. Run the "
                        + "full build (mvn -B verify from the repository root) so the services' tests run before deploy's; "
                        + "building deploy alone cannot check metric names.");
            }
            try {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    Matcher m = SAMPLE.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    Set<String> names = s.labels.computeIfAbsent(m.group(1), k -> new HashSet<>());
                    if (m.group(3) != null) {
                        Matcher l = LABEL.matcher(m.group(3));
                        while (l.find()) {
                            names.add(l.group(1));
                        }
                    }
                    s.services.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(service);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }
}
