package dev.conveyor.syncer.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Fields;
import dev.conveyor.declarations.KindParser;
import dev.conveyor.declarations.Manifest;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.Revisions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates {@code Application} documents (Argo CD-like YAML) into {@link Application}s.
 *
 * <pre>
 * apiVersion: conveyor.dev/v1alpha1
 * kind: Application
 * metadata: {name: payments-dev, labels: {team: payments}}
 * spec:
 *   source:
 *     repoURL: https://github.com/acme/payments.git
 *     targetRevision: main            # branch, tag, sha; default HEAD
 *     path: deploy/overlays/dev
 *     type: Kustomize                 # Directory | Kustomize | Helm; else implied by a helm:, kustomize: or
 *                                     # directory: block; else detected at render time
 *     helm: {releaseName: pay, valueFiles: [values-dev.yaml], values: "replicaCount: 2\n",
 *            parameters: [{name: image.tag, value: "1.2.3"}]}         # values may also be a YAML object
 *     directory: {recurse: true}
 *   destination: {cluster: in-cluster, namespace: payments-dev}
 *   syncPolicy:
 *     automated: {prune: true, selfHeal: true, allowEmpty: false}   # present = automated
 *     syncOptions: [CreateNamespace=true, ServerSideApply=true]
 *   ignoreDifferences:
 *     - {group: apps, kind: Deployment, name: payments-api, jsonPointers: [/spec/replicas]}
 *   healthTimeout: 5m                 # 90s, 5m, 1h30m or PT5M
 * </pre>
 * Every field is checked and unknown fields are errors, so that a typo is reported instead of silently doing nothing.
 * Errors name the field's path ({@code spec.source.helm.valueFiles[1]}).
 */
public final class ApplicationParser implements KindParser<Application> {

    /** The sync options an Application may set, each as {@code Name=true} or {@code Name=false}. */
    public static final Set<String> SYNC_OPTIONS = Set.of("CreateNamespace", "ServerSideApply", "Prune", "Validate",
            "ApplyOutOfSyncOnly", "PruneLast", "Replace");

    private static final Pattern SYNC_OPTION = Pattern.compile("([A-Za-z]+)=(true|false)");
    private static final Pattern HELM_RELEASE_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern GO_DURATION = Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    @Override
    public String kind() {
        return Application.KIND;
    }

    @Override
    public Application parse(Manifest manifest) throws DeclarationException {
        ObjectNode body = manifest.body();
        Fields.allowOnly(body, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        if (!Application.API_VERSION.equals(manifest.apiVersion())) {
            throw new DeclarationException("apiVersion", "must be " + Application.API_VERSION);
        }
        ObjectNode metadata = Fields.requireObject(body, "", "metadata");
        Fields.allowOnly(metadata, "metadata", Set.of("name", "labels", "annotations", "namespace"));
        if (!Fields.isDns1123Label(manifest.name())) {
            throw new DeclarationException("metadata.name", "must be a DNS-1123 label (lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit, at most 63 characters)");
        }
        ObjectNode spec = Fields.requireObject(body, "", "spec");
        Fields.allowOnly(spec, "spec",
                Set.of("source", "destination", "syncPolicy", "ignoreDifferences", "healthTimeout"));
        return new Application(
                manifest.name(),
                manifest.labels(),
                source(Fields.requireObject(spec, "spec", "source")),
                destination(Fields.requireObject(spec, "spec", "destination")),
                syncPolicy(spec),
                ignoreDifferences(spec),
                healthTimeout(Fields.text(spec, "spec", "healthTimeout")),
                manifest.file());
    }

    private static Application.Source source(ObjectNode source) throws DeclarationException {
        String p = "spec.source";
        Fields.allowOnly(source, p,
                Set.of("repoURL", "targetRevision", "path", "type", "helm", "kustomize", "directory"));
        String repoURL = Fields.requireText(source, p, "repoURL").strip();
        try {
            RepositoryUrls.canonical(repoURL);
        } catch (IllegalArgumentException e) {
            throw new DeclarationException(p + ".repoURL", e.getMessage());
        }
        String revision = Fields.text(source, p, "targetRevision");
        if (revision != null && !revision.isBlank() && !Revisions.isValid(revision.strip())) {
            throw new DeclarationException(p + ".targetRevision",
                    "'" + revision + "' is not a valid branch, tag or commit sha");
        }
        String path = Fields.text(source, p, "path");
        path = path == null ? "" : Fields.relativePath(path.strip(), p + ".path");

        // At most one options block, and it must agree with an explicit type.
        List<String> blocks = new ArrayList<>();
        for (String block : List.of("helm", "kustomize", "directory")) {
            if (source.has(block)) {
                blocks.add(block);
            }
        }
        if (blocks.size() > 1) {
            throw new DeclarationException(p + "." + blocks.get(1),
                    "only one of helm, kustomize, directory may be set (found " + String.join(", ", blocks) + ")");
        }
        Application.SourceType type = sourceType(Fields.text(source, p, "type"));
        if (!blocks.isEmpty()) {
            Application.SourceType blockType = switch (blocks.get(0)) {
                case "helm" -> Application.SourceType.HELM;
                case "kustomize" -> Application.SourceType.KUSTOMIZE;
                default -> Application.SourceType.DIRECTORY;
            };
            if (type != null && type != blockType) {
                throw new DeclarationException(p + "." + blocks.get(0),
                        "does not apply to a source of type " + typeName(type));
            }
            type = blockType;
        }

        ObjectNode kustomize = Fields.object(source, p, "kustomize");
        if (kustomize != null && kustomize.size() > 0) {
            throw new DeclarationException(p + ".kustomize." + kustomize.fieldNames().next(),
                    "unknown field (no Kustomize options are supported; use kustomize: {} or type: Kustomize)");
        }
        return new Application.Source(repoURL, revision == null ? null : revision.strip(), path, type,
                helm(Fields.object(source, p, "helm")), directory(Fields.object(source, p, "directory")));
    }

    private static Application.SourceType sourceType(String type) throws DeclarationException {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "Directory" -> Application.SourceType.DIRECTORY;
            case "Kustomize" -> Application.SourceType.KUSTOMIZE;
            case "Helm" -> Application.SourceType.HELM;
            default -> throw new DeclarationException("spec.source.type",
                    "must be one of Directory, Kustomize, Helm (was '" + type + "')");
        };
    }

    private static String typeName(Application.SourceType type) {
        return switch (type) {
            case DIRECTORY -> "Directory";
            case KUSTOMIZE -> "Kustomize";
            case HELM -> "Helm";
        };
    }

    private static Application.Helm helm(ObjectNode helm) throws DeclarationException {
        if (helm == null) {
            return null;
        }
        String p = "spec.source.helm";
        Fields.allowOnly(helm, p, Set.of("releaseName", "valueFiles", "values", "parameters"));
        String releaseName = Fields.text(helm, p, "releaseName");
        if (releaseName != null && (releaseName.length() > 53 || !HELM_RELEASE_NAME.matcher(releaseName).matches())) {
            throw new DeclarationException(p + ".releaseName",
                    "must be a valid Helm release name (lower-case letters, digits, '-' and '.', "
                            + "at most 53 characters)");
        }
        List<String> valueFiles = new ArrayList<>();
        List<String> files = Fields.textList(helm, p, "valueFiles");
        for (int i = 0; i < files.size(); i++) {
            valueFiles.add(Fields.relativePath(files.get(i).strip(), Fields.index(p + ".valueFiles", i)));
        }
        String values = null;
        JsonNode valuesNode = helm.get("values");
        if (valuesNode != null && valuesNode.isObject()) {
            // Accept values as a YAML object too, and hand them on as text like the string form.
            try {
                values = valuesNode.isEmpty() ? null : YAML.writeValueAsString(valuesNode);
            } catch (JsonProcessingException e) {
                throw new DeclarationException(p + ".values", "cannot be written as YAML: " + e.getOriginalMessage());
            }
        } else if (valuesNode != null && !valuesNode.isNull()) {
            if (!valuesNode.isTextual()) {
                throw new DeclarationException(p + ".values", "must be YAML text or an object");
            }
            values = valuesNode.textValue();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<JsonNode> params = Fields.list(helm, p, "parameters");
        for (int i = 0; i < params.size(); i++) {
            String ip = Fields.index(p + ".parameters", i);
            JsonNode param = params.get(i);
            if (!param.isObject()) {
                throw new DeclarationException(ip, "must be an object with name and value");
            }
            Fields.allowOnly(param, ip, Set.of("name", "value"));
            String name = Fields.requireText(param, ip, "name");
            String value = Fields.text(param, ip, "value");
            if (value == null) {
                throw new DeclarationException(ip + ".value", "is required");
            }
            if (parameters.putIfAbsent(name, value) != null) {
                throw new DeclarationException(ip + ".name", "parameter '" + name + "' is set twice");
            }
        }
        return new Application.Helm(releaseName, valueFiles, values, parameters);
    }

    private static Application.Directory directory(ObjectNode directory) throws DeclarationException {
        if (directory == null) {
            return null;
        }
        Fields.allowOnly(directory, "spec.source.directory", Set.of("recurse"));
        return new Application.Directory(Fields.bool(directory, "spec.source.directory", "recurse", true));
    }

    private static Application.Destination destination(ObjectNode destination) throws DeclarationException {
        String p = "spec.destination";
        Fields.allowOnly(destination, p, Set.of("cluster", "namespace"));
        String cluster = Fields.text(destination, p, "cluster");
        if (cluster != null && cluster.isBlank()) {
            throw new DeclarationException(p + ".cluster", "must not be empty (leave it out for in-cluster)");
        }
        String namespace = Fields.text(destination, p, "namespace");
        if (namespace != null && !Fields.isDns1123Label(namespace)) {
            throw new DeclarationException(p + ".namespace", "must be a DNS-1123 label (lower-case letters, digits "
                    + "and '-', starting and ending with a letter or digit, at most 63 characters)");
        }
        return new Application.Destination(cluster, namespace);
    }

    private static Application.SyncPolicy syncPolicy(ObjectNode spec) throws DeclarationException {
        String p = "spec.syncPolicy";
        ObjectNode policy = Fields.object(spec, "spec", "syncPolicy");
        if (policy == null) {
            return null;
        }
        Fields.allowOnly(policy, p, Set.of("automated", "syncOptions"));
        // "automated:" with no value still switches automation on.
        boolean automated = policy.has("automated");
        ObjectNode auto = Fields.object(policy, p, "automated");
        Fields.allowOnly(auto, p + ".automated", Set.of("prune", "selfHeal", "allowEmpty"));
        boolean prune = Fields.bool(auto, p + ".automated", "prune", false);
        boolean selfHeal = Fields.bool(auto, p + ".automated", "selfHeal", false);
        boolean allowEmpty = Fields.bool(auto, p + ".automated", "allowEmpty", false);

        Set<String> options = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        List<String> declared = Fields.textList(policy, p, "syncOptions");
        for (int i = 0; i < declared.size(); i++) {
            String ip = Fields.index(p + ".syncOptions", i);
            String option = declared.get(i).strip();
            Matcher m = SYNC_OPTION.matcher(option);
            if (!m.matches()) {
                throw new DeclarationException(ip, "must be Name=true or Name=false (was '" + option + "')");
            }
            if (!SYNC_OPTIONS.contains(m.group(1))) {
                throw new DeclarationException(ip, "unknown sync option '" + m.group(1) + "' (known: "
                        + String.join(", ", SYNC_OPTIONS.stream().sorted().toList()) + ")");
            }
            if (!names.add(m.group(1))) {
                throw new DeclarationException(ip, "sync option '" + m.group(1) + "' is set twice");
            }
            options.add(option);
        }
        return new Application.SyncPolicy(automated, prune, selfHeal, allowEmpty, options);
    }

    private static List<Application.IgnoreDifference> ignoreDifferences(ObjectNode spec) throws DeclarationException {
        List<Application.IgnoreDifference> out = new ArrayList<>();
        List<JsonNode> entries = Fields.list(spec, "spec", "ignoreDifferences");
        for (int i = 0; i < entries.size(); i++) {
            String ip = Fields.index("spec.ignoreDifferences", i);
            JsonNode e = entries.get(i);
            if (!e.isObject()) {
                throw new DeclarationException(ip, "must be an object");
            }
            Fields.allowOnly(e, ip, Set.of("group", "kind", "name", "namespace", "jsonPointers"));
            String kind = Fields.requireText(e, ip, "kind");
            List<String> pointers = Fields.textList(e, ip, "jsonPointers");
            if (pointers.isEmpty()) {
                throw new DeclarationException(ip + ".jsonPointers", "at least one JSON pointer is required");
            }
            for (int j = 0; j < pointers.size(); j++) {
                checkPointer(pointers.get(j), Fields.index(ip + ".jsonPointers", j));
            }
            out.add(new Application.IgnoreDifference(Fields.text(e, ip, "group"), kind, Fields.text(e, ip, "name"),
                    Fields.text(e, ip, "namespace"), pointers));
        }
        return out;
    }

    /** RFC 6901: starts with '/', and '~' only as the escapes ~0 and ~1. */
    private static void checkPointer(String pointer, String path) throws DeclarationException {
        if (!pointer.startsWith("/")) {
            throw new DeclarationException(path, "a JSON pointer must start with '/' (was '" + pointer + "')");
        }
        for (int k = 0; k < pointer.length(); k++) {
            if (pointer.charAt(k) == '~'
                    && (k + 1 >= pointer.length() || (pointer.charAt(k + 1) != '0' && pointer.charAt(k + 1) != '1'))) {
                throw new DeclarationException(path, "'~' must be written ~0 and '/' inside a name ~1 (was '"
                        + pointer + "')");
            }
        }
    }

    private static Duration healthTimeout(String text) throws DeclarationException {
        if (text == null) {
            return null;
        }
        String p = "spec.healthTimeout";
        Duration d;
        try {
            d = parseDuration(text.strip());
        } catch (IllegalArgumentException e) {
            throw new DeclarationException(p, "must be a duration like 90s, 5m, 1h30m or PT5M (was '" + text + "')");
        }
        if (d.isNegative() || d.isZero()) {
            throw new DeclarationException(p, "must be positive (was '" + text + "')");
        }
        return d;
    }

    /** Go's time.ParseDuration format (units ns, us, µs, ms, s, m, h) or ISO-8601 ({@code PT5M}). */
    static Duration parseDuration(String text) {
        boolean negative = text.startsWith("-");
        String t = negative || text.startsWith("+") ? text.substring(1) : text;
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                Duration d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
                return negative ? d.negated() : d;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!GO_DURATION.matcher(t).matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = GO_DURATION_PART.matcher(t);
        while (m.find()) {
            BigDecimal unit = switch (m.group(2)) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs" -> BigDecimal.valueOf(1_000L);
                case "ms" -> BigDecimal.valueOf(1_000_000L);
                case "s" -> BigDecimal.valueOf(1_000_000_000L);
                case "m" -> BigDecimal.valueOf(60_000_000_000L);
                default -> BigDecimal.valueOf(3_600_000_000_000L);
            };
            String number = m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1);
            nanos = nanos.add(new BigDecimal(number).multiply(unit));
        }
        try {
            Duration d = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
            return negative ? d.negated() : d;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration out of range: " + text, e);
        }
    }
}
