package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The dashboards and the alert rules, and the PromQL in them. */
final class MonitoringFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String RULES = "deploy/prometheus/conveyor-rules.yaml";

    record Query(String where, String expr) {
    }

    private MonitoringFiles() {
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(Repo.path("deploy/grafana"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode rules() {
        try {
            return YAML.readTree(Repo.path(RULES).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (Path p : dashboards()) {
            JsonNode d = json(p);
            collectPanels(d.path("panels"), p.getFileName().toString(), out);
            for (JsonNode v : d.path("templating").path("list")) {
                JsonNode q = v.path("query");
                String text = q.isObject() ? q.path("query").asText("") : q.asText("");
                if (v.path("type").asText().equals("query") && !text.isEmpty()) {
                    // label_values(metric, label): the metric must exist too.
                    out.add(new Query(p.getFileName() + " variable " + v.path("name").asText(),
                            text.replaceAll("^label_values\\(\\s*([^,]+),.*\\)$", "$1")));
                }
            }
        }
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                out.add(new Query(RULES + " " + r.path("alert").asText(r.path("record").asText()), r.path("expr").asText()));
            }
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, String file, List<Query> out) {
        for (JsonNode panel : panels) {
            for (JsonNode t : panel.path("targets")) {
                out.add(new Query(file + " panel '" + panel.path("title").asText() + "' " + t.path("refId").asText(),
                        t.path("expr").asText()));
            }
            collectPanels(panel.path("panels"), file, out);
        }
    }
}
