package dev.conveyor.testing.metrics;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps one real {@code /q/metrics} scrape of a service under test, so that {@code deploy/}'s checks can verify that
 * every metric name its dashboards and alert rules use really exists. A service's main integration test calls
 * {@link #port()} and {@link #save(String)} from an {@code @AfterAll} method, when its scenarios have run and the
 * application is still up.
 */
public final class MetricsScrape {

    /** Where the scrape goes, relative to the module being tested (Surefire's working directory). */
    public static final String FILE = "target/metrics-scrape.txt";

    private MetricsScrape() {
    }

    /**
     * The HTTP port of the Quarkus application under test. The tests use {@code quarkus.http.test-port=0}; once the
     * application runs, Quarkus' configuration holds the port it really bound under that key (RestAssured's own port
     * is reset after each test, so it cannot be used from {@code @AfterAll}).
     */
    public static int port() {
        Integer port = ConfigProvider.getConfig(MetricsScrape.class.getClassLoader())
                .getOptionalValue("quarkus.http.test-port", Integer.class)
                .orElseGet(() -> Integer.getInteger("quarkus.http.test-port", 0));
        if (port == 0) {
            throw new IllegalStateException("quarkus.http.test-port is 0 or unset: is the Quarkus application under test running?");
        }
        return port;
    }

    /** Writes the scrape to {@value #FILE} and returns the path written. */
    public static Path save(String scrape) {
        if (scrape == null || !scrape.contains("# TYPE")) {
            throw new IllegalArgumentException("not a Prometheus text scrape: " + (scrape == null ? "null"
                    : scrape.substring(0, Math.min(200, scrape.length()))));
        }
        Path file = Path.of(FILE).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, scrape, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
