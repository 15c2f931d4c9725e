package dev.conveyor.syncer.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.SourcePaths.CheckedSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Helm chart, rendered by Helm's own engine in-process (helm-java: Helm's Go code through JNA), as
 * {@code helm template} does. No helm binary, no cluster, no network.
 *
 * <ul>
 *   <li>release name: {@code helm.releaseName}, default the application's name; namespace: the destination's
 *       ({@code .Release.Namespace}; Helm's "default" when the destination has none)</li>
 *   <li>values, lowest precedence first: the chart's {@code values.yaml}, {@code helm.valueFiles} in order (relative to
 *       the chart directory, inside the repository), {@code helm.values} (inline YAML), {@code helm.parameters}
 *       ({@code --set}, keys in sorted order)</li>
 *   <li>dependencies: subcharts already in {@code charts/} (directories or archives), as Helm loads them; nothing is
 *       downloaded, so a dependency declared in Chart.yaml but missing from {@code charts/} fails with Helm's
 *       message</li>
 *   <li>the output is returned as Helm prints it (hooks and tests included, Helm's install order)</li>
 * </ul>
 */
public final class HelmRenderer implements Renderer {

    private static final ObjectMapper YAML = new YAMLMapper();

    @Override
    public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
        return render(SourcePaths.check(app, checkout, revision), app);
    }

    List<GenericKubernetesResource> render(CheckedSource source, Application app) throws RenderException {
        Path chart = source.dir();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new RenderException("source path " + source.display()
                    + " is not a Helm chart: it has no Chart.yaml");
        }
        Application.Helm helm = app.source().helm();
        String release = helm.releaseName() == null || helm.releaseName().isBlank() ? app.name() : helm.releaseName();
        String chartName = source.path().isEmpty() ? "." : source.path();

        TemplateCommand template = new Helm(chart).template().withName(release);
        String namespace = app.destination().namespace();
        if (namespace != null && !namespace.isBlank()) {
            template.withNamespace(namespace);
        }
        for (String valueFile : helm.valueFiles()) {
            Path file = SourcePaths.fileInside(source, chart, valueFile, "Helm value file");
            if (file.toString().contains(",")) {
                throw new RenderException("Helm value file '" + valueFile + "' has a comma in its path; rename it");
            }
            template.withValuesFile(file);
        }
        Path inline = null;
        try {
            if (helm.values() != null && !helm.values().isBlank()) {
                checkInlineValues(helm.values());
                inline = Files.createTempFile("conveyor-helm-values-", ".yaml");
                Files.writeString(inline, helm.values(), StandardCharsets.UTF_8);
                template.withValuesFile(inline);
            }
            for (Map.Entry<String, String> parameter : new TreeMap<>(helm.parameters()).entrySet()) {
                template.set(parameter.getKey(), parameter.getValue() == null ? "" : parameter.getValue());
            }
            String yaml;
            try {
                yaml = template.call();
            } catch (RuntimeException e) {
                throw new RenderException("helm template of chart " + chartName + " failed: " + helmMessage(source, e, inline), e);
            } catch (LinkageError e) {
                throw new RenderException("the Helm engine (helm-java native library) cannot be loaded on this platform: "
                        + e.getMessage(), e);
            }
            return ManifestParser.parseYaml(yaml == null ? "" : yaml, "helm template of chart " + chartName);
        } catch (IOException e) {
            throw new RenderException("cannot write inline Helm values to a temporary file: " + e.getMessage(), e);
        } finally {
            if (inline != null) {
                try {
                    Files.deleteIfExists(inline);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** Fails with a message about {@code helm.values} rather than one about a temporary file Helm could not parse. */
    private static void checkInlineValues(String values) throws RenderException {
        Object parsed;
        try {
            parsed = YAML.readValue(values, Object.class);
        } catch (IOException e) {
            throw new RenderException("helm.values is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (parsed != null && !(parsed instanceof Map<?, ?>)) {
            throw new RenderException("helm.values must be a YAML mapping (key: value), not a " +
                    (parsed instanceof List<?> ? "list" : "single value"));
        }
    }

    private static String helmMessage(CheckedSource source, RuntimeException e, Path inline) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (inline != null) {
            message = message.replace(inline.toString(), "helm.values");
        }
        // The hint is for the helm CLI; there is no flag to pass here.
        message = message.replace("Use --debug flag to render out invalid YAML", "").strip();
        return source.redact(message);
    }
}
