package dev.conveyor.syncer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.DeclarationLoader;
import dev.conveyor.declarations.LoadResult;
import dev.conveyor.declarations.Manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ApplicationParserTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private final ApplicationParser parser = new ApplicationParser();

    private static final String FULL = """
            apiVersion: conveyor.dev/v1alpha1
            kind: Application
            metadata: {name: payments-dev, labels: {team: payments}}
            spec:
              source:
                repoURL: https://github.com/acme/payments.git
                targetRevision: main
                path: deploy/overlays/dev
                type: Helm
                helm: {releaseName: pay, valueFiles: [values-dev.yaml], values: "replicaCount: 2\\n", parameters: [{name: image.tag, value: "1.2.3"}]}
              destination: {cluster: in-cluster, namespace: payments-dev}
              syncPolicy:
                automated: {prune: true, selfHeal: true, allowEmpty: false}
                syncOptions: [CreateNamespace=true, ServerSideApply=true]
              ignoreDifferences:
                - {group: apps, kind: Deployment, name: payments-api, jsonPointers: [/spec/replicas]}
              healthTimeout: 5m
            """;

    private Application parse(String yaml) throws Exception {
        return parser.parse(Manifest.of((ObjectNode) YAML.readTree(yaml), "apps/pay.yaml", 1));
    }

    /** An Application named {@code pay} with the given spec (YAML, indented two spaces). */
    private static String withSpec(String spec) {
        return "apiVersion: conveyor.dev/v1alpha1\nkind: Application\nmetadata: {name: pay}\nspec:\n" + spec;
    }

    private static final String MINIMAL_SOURCE = "  source: {repoURL: 'https://github.com/acme/pay'}\n";
    private static final String DESTINATION = "  destination: {namespace: pay}\n";

    @Test
    void parsesTheFullExample() throws Exception {
        Application app = parse(FULL);

        assertThat(app.name()).isEqualTo("payments-dev");
        assertThat(app.labels()).isEqualTo(Map.of("team", "payments"));
        assertThat(app.declaredIn()).isEqualTo("apps/pay.yaml");
        assertThat(app.source()).isEqualTo(new Application.Source("https://github.com/acme/payments.git", "main",
                "deploy/overlays/dev", Application.SourceType.HELM,
                new Application.Helm("pay", List.of("values-dev.yaml"), "replicaCount: 2\n", Map.of("image.tag", "1.2.3")),
                null));
        assertThat(app.source().directory()).isEqualTo(Application.Directory.DEFAULT);
        assertThat(app.destination()).isEqualTo(new Application.Destination("in-cluster", "payments-dev"));
        assertThat(app.syncPolicy()).isEqualTo(new Application.SyncPolicy(true, true, true, false,
                Set.of("CreateNamespace=true", "ServerSideApply=true")));
        assertThat(app.syncPolicy().option("CreateNamespace")).isTrue();
        assertThat(app.ignoreDifferences()).containsExactly(new Application.IgnoreDifference("apps", "Deployment",
                "payments-api", null, List.of("/spec/replicas")));
        assertThat(app.healthTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void appliesDefaultsToAMinimalApplication() throws Exception {
        Application app = parse(withSpec(MINIMAL_SOURCE + "  destination: {}\n"));

        assertThat(app.source().targetRevision()).isEqualTo("HEAD");
        assertThat(app.source().path()).isEmpty();
        assertThat(app.source().type()).isNull();
        assertThat(app.source().helm()).isEqualTo(Application.Helm.NONE);
        assertThat(app.source().directory()).isEqualTo(Application.Directory.DEFAULT);
        assertThat(app.destination()).isEqualTo(new Application.Destination(Application.Destination.IN_CLUSTER, null));
        assertThat(app.syncPolicy()).isEqualTo(Application.SyncPolicy.MANUAL);
        assertThat(app.ignoreDifferences()).isEmpty();
        assertThat(app.healthTimeout()).isEqualTo(Application.DEFAULT_HEALTH_TIMEOUT);
        assertThat(app.labels()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            helm: {}                                  | HELM
            'kustomize: {}'                           | KUSTOMIZE
            'kustomize:'                              | KUSTOMIZE
            'directory: {recurse: false}'             | DIRECTORY
            'type: Kustomize'                         | KUSTOMIZE
            'type: Directory, directory: {}'          | DIRECTORY
            """)
    void infersTheSourceTypeFromTheOptionsBlock(String fields, Application.SourceType expected) throws Exception {
        Application app = parse(withSpec("  source: {repoURL: 'https://h/acme/pay', " + fields + "}\n" + DESTINATION));
        assertThat(app.source().type()).isEqualTo(expected);
    }

    @Test
    void readsDirectoryOptionsAndHelmValuesGivenAsAnObject() throws Exception {
        Application dir = parse(withSpec("  source: {repoURL: 'https://h/acme/pay', directory: {recurse: false}}\n"
                + DESTINATION));
        assertThat(dir.source().directory().recurse()).isFalse();

        Application helm = parse(withSpec("""
                  source:
                    repoURL: https://h/acme/pay
                    helm:
                      values: {replicaCount: 3, image: {tag: "1.10"}}
                """ + DESTINATION));
        assertThat(helm.source().helm().values()).isEqualTo("replicaCount: 3\nimage:\n  tag: \"1.10\"\n");
    }

    @Test
    void automatedWithoutOptionsSwitchesAutomationOn() throws Exception {
        Application app = parse(withSpec(MINIMAL_SOURCE + DESTINATION + "  syncPolicy:\n    automated:\n"));
        assertThat(app.syncPolicy()).isEqualTo(new Application.SyncPolicy(true, false, false, false, Set.of()));

        Application manual = parse(withSpec(MINIMAL_SOURCE + DESTINATION + "  syncPolicy: {syncOptions: [Prune=false]}\n"));
        assertThat(manual.syncPolicy().automated()).isFalse();
        assertThat(manual.syncPolicy().syncOptions()).containsExactly("Prune=false");
        assertThat(manual.syncPolicy().option("Prune")).isFalse();
    }

    @Test
    void acceptsRepositoryUrlsInEveryCommonSpellingAndRevisions() throws Exception {
        for (String url : List.of("git@github.com:acme/pay.git", "ssh://git@github.com:22/acme/pay",
                "http://gitea.local:3000/acme/pay", "file:///srv/git/pay.git")) {
            assertThat(parse(withSpec("  source: {repoURL: '" + url + "'}\n" + DESTINATION)).source().repoURL())
                    .isEqualTo(url);
        }
        for (String rev : List.of("v1.2.3", "release/2024-01", "refs/heads/main", "0a1b2c3",
                "0123456789abcdef0123456789abcdef01234567", "HEAD")) {
            assertThat(parse(withSpec("  source: {repoURL: 'https://h/a/b', targetRevision: '" + rev + "'}\n"
                    + DESTINATION)).source().targetRevision()).isEqualTo(rev);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            90s     | PT1M30S
            5m      | PT5M
            1h30m   | PT1H30M
            1.5h    | PT1H30M
            250ms   | PT0.25S
            PT5M    | PT5M
            pt10s   | PT10S
            """)
    void readsGoAndIsoDurations(String text, String iso) throws Exception {
        assertThat(parse(withSpec(MINIMAL_SOURCE + DESTINATION + "  healthTimeout: " + text + "\n")).healthTimeout())
                .isEqualTo(Duration.parse(iso));
    }

    static Stream<Arguments> invalid() {
        String dest = DESTINATION;
        String src = MINIMAL_SOURCE;
        return Stream.of(
                Arguments.of("name not a DNS label",
                        withSpec(src + dest).replace("name: pay", "name: Pay_Dev"), "metadata.name", "DNS-1123 label"),
                Arguments.of("name too long",
                        withSpec(src + dest).replace("name: pay", "name: " + "a".repeat(64)), "metadata.name",
                        "at most 63"),
                Arguments.of("unknown metadata field",
                        withSpec(src + dest).replace("{name: pay}", "{name: pay, finalizers: [x]}"),
                        "metadata.finalizers", "unknown field"),
                Arguments.of("no source", withSpec(dest), "spec.source", "is required"),
                Arguments.of("no destination", withSpec(src), "spec.destination", "is required"),
                Arguments.of("no repoURL", withSpec("  source: {path: x}\n" + dest), "spec.source.repoURL",
                        "is required"),
                Arguments.of("unparseable repoURL", withSpec("  source: {repoURL: 'not a url'}\n" + dest),
                        "spec.source.repoURL", "not a repository URL"),
                Arguments.of("unsupported scheme", withSpec("  source: {repoURL: 'ftp://h/x'}\n" + dest),
                        "spec.source.repoURL", "unsupported repository URL scheme"),
                Arguments.of("bad revision",
                        withSpec("  source: {repoURL: 'https://h/a/b', targetRevision: 'main branch'}\n" + dest),
                        "spec.source.targetRevision", "not a valid branch"),
                Arguments.of("absolute path", withSpec("  source: {repoURL: 'https://h/a/b', path: /etc}\n" + dest),
                        "spec.source.path", "relative path"),
                Arguments.of("path escapes", withSpec("  source: {repoURL: 'https://h/a/b', path: a/../../x}\n" + dest),
                        "spec.source.path", "'..'"),
                Arguments.of("unknown type", withSpec("  source: {repoURL: 'https://h/a/b', type: Jsonnet}\n" + dest),
                        "spec.source.type", "one of Directory, Kustomize, Helm"),
                Arguments.of("type and block disagree",
                        withSpec("  source: {repoURL: 'https://h/a/b', type: Kustomize, helm: {}}\n" + dest),
                        "spec.source.helm", "does not apply to a source of type Kustomize"),
                Arguments.of("two option blocks",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {}, kustomize: {}}\n" + dest),
                        "spec.source.kustomize", "only one of helm, kustomize, directory"),
                Arguments.of("kustomize options",
                        withSpec("  source: {repoURL: 'https://h/a/b', kustomize: {namePrefix: x}}\n" + dest),
                        "spec.source.kustomize.namePrefix", "unknown field"),
                Arguments.of("value file escapes",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {valueFiles: [ok.yaml, ../secret.yaml]}}\n"
                                + dest),
                        "spec.source.helm.valueFiles[1]", "'..'"),
                Arguments.of("value file is a URL",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {valueFiles: ['https://h/v.yaml']}}\n"
                                + dest),
                        "spec.source.helm.valueFiles[0]", "relative path"),
                Arguments.of("helm parameter without value",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {parameters: [{name: a}]}}\n" + dest),
                        "spec.source.helm.parameters[0].value", "is required"),
                Arguments.of("helm parameter twice",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {parameters: [{name: a, value: 1}, "
                                + "{name: a, value: 2}]}}\n" + dest),
                        "spec.source.helm.parameters[1].name", "set twice"),
                Arguments.of("helm release name",
                        withSpec("  source: {repoURL: 'https://h/a/b', helm: {releaseName: My_Release}}\n" + dest),
                        "spec.source.helm.releaseName", "Helm release name"),
                Arguments.of("helm typo", withSpec("  source: {repoURL: 'https://h/a/b', helm: {valuesFiles: [a]}}\n"
                        + dest), "spec.source.helm.valuesFiles", "unknown field (allowed: parameters, releaseName, "
                        + "valueFiles, values)"),
                Arguments.of("directory typo",
                        withSpec("  source: {repoURL: 'https://h/a/b', directory: {recursive: true}}\n" + dest),
                        "spec.source.directory.recursive", "unknown field"),
                Arguments.of("namespace not a DNS label", withSpec(src + "  destination: {namespace: Pay.Dev}\n"),
                        "spec.destination.namespace", "DNS-1123 label"),
                Arguments.of("argo server field", withSpec(src + "  destination: {server: 'https://kubernetes.default.svc'}\n"),
                        "spec.destination.server", "unknown field (allowed: cluster, namespace)"),
                Arguments.of("unknown sync option",
                        withSpec(src + dest + "  syncPolicy: {syncOptions: [CreateNamespace=true, Foo=true]}\n"),
                        "spec.syncPolicy.syncOptions[1]", "unknown sync option 'Foo'"),
                Arguments.of("sync option without value",
                        withSpec(src + dest + "  syncPolicy: {syncOptions: [CreateNamespace]}\n"),
                        "spec.syncPolicy.syncOptions[0]", "Name=true or Name=false"),
                Arguments.of("sync option not boolean",
                        withSpec(src + dest + "  syncPolicy: {syncOptions: [Prune=yes]}\n"),
                        "spec.syncPolicy.syncOptions[0]", "Name=true or Name=false"),
                Arguments.of("sync option twice",
                        withSpec(src + dest + "  syncPolicy: {syncOptions: [Prune=true, Prune=false]}\n"),
                        "spec.syncPolicy.syncOptions[1]", "set twice"),
                Arguments.of("automated typo",
                        withSpec(src + dest + "  syncPolicy: {automated: {selfheal: true}}\n"),
                        "spec.syncPolicy.automated.selfheal", "unknown field"),
                Arguments.of("automated not an object",
                        withSpec(src + dest + "  syncPolicy: {automated: true}\n"),
                        "spec.syncPolicy.automated", "must be an object"),
                Arguments.of("prune not boolean",
                        withSpec(src + dest + "  syncPolicy: {automated: {prune: sometimes}}\n"),
                        "spec.syncPolicy.automated.prune", "true or false"),
                Arguments.of("retry is not supported",
                        withSpec(src + dest + "  syncPolicy: {retry: {limit: 3}}\n"),
                        "spec.syncPolicy.retry", "unknown field"),
                Arguments.of("ignoreDifferences without kind",
                        withSpec(src + dest + "  ignoreDifferences: [{group: apps, jsonPointers: [/spec]}]\n"),
                        "spec.ignoreDifferences[0].kind", "is required"),
                Arguments.of("pointer without slash",
                        withSpec(src + dest + "  ignoreDifferences: [{kind: Deployment, jsonPointers: [/a, spec/replicas]}]\n"),
                        "spec.ignoreDifferences[0].jsonPointers[1]", "must start with '/'"),
                Arguments.of("pointer with a bad escape",
                        withSpec(src + dest + "  ignoreDifferences: [{kind: Deployment, jsonPointers: ['/a~2b']}]\n"),
                        "spec.ignoreDifferences[0].jsonPointers[0]", "~0"),
                Arguments.of("ignoreDifferences without pointers",
                        withSpec(src + dest + "  ignoreDifferences: [{kind: Deployment}]\n"),
                        "spec.ignoreDifferences[0].jsonPointers", "at least one"),
                Arguments.of("jq expressions are not supported",
                        withSpec(src + dest + "  ignoreDifferences: [{kind: Deployment, jqPathExpressions: [.a]}]\n"),
                        "spec.ignoreDifferences[0].jqPathExpressions", "unknown field"),
                Arguments.of("timeout without unit", withSpec(src + dest + "  healthTimeout: 300\n"),
                        "spec.healthTimeout", "must be a duration"),
                Arguments.of("timeout in words", withSpec(src + dest + "  healthTimeout: 5 minutes\n"),
                        "spec.healthTimeout", "must be a duration"),
                Arguments.of("zero timeout", withSpec(src + dest + "  healthTimeout: 0s\n"),
                        "spec.healthTimeout", "must be positive"),
                Arguments.of("negative timeout", withSpec(src + dest + "  healthTimeout: -5m\n"),
                        "spec.healthTimeout", "must be positive"),
                Arguments.of("unknown spec field (Argo's project)", withSpec(src + dest + "  project: default\n"),
                        "spec.project", "unknown field (allowed: destination, healthTimeout, ignoreDifferences, "
                        + "source, syncPolicy)"),
                Arguments.of("typo in source", withSpec("  source: {repoURL: 'https://h/a/b', targetRevison: main}\n"
                        + dest), "spec.source.targetRevison", "unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidApplicationsNamingTheField(String description, String yaml, String field, String reason) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(DeclarationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    @Test
    void loadsThroughTheSharedLoaderReportingFileDocumentAndField(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("apps"));
        Files.writeString(dir.resolve("apps/pay.yaml"), FULL + "---\n" + """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: pay}
                spec:
                  source: {path: deploy}
                  destination: {namespace: pay}
                """);
        Files.writeString(dir.resolve("apps/envs.yaml"), """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: envs}
                spec:
                  generators: [{list: {elements: [{env: dev}, {env: prod}]}}]
                  template:
                    metadata: {name: "web-{{env}}", labels: {env: "{{env}}"}}
                    spec:
                      source: {repoURL: https://github.com/acme/web, path: "deploy/{{env}}"}
                      destination: {namespace: "web-{{env}}"}
                """);

        LoadResult result = DeclarationLoader.loadDirectory(dir, List.of(parser));

        assertThat(result.complete()).isTrue();
        assertThat(result.declarations(parser).valid()).extracting(Application::name, Application::declaredIn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web-dev", "apps/envs.yaml"),
                        org.assertj.core.groups.Tuple.tuple("web-prod", "apps/envs.yaml"),
                        org.assertj.core.groups.Tuple.tuple("payments-dev", "apps/pay.yaml"));
        assertThat(result.declarations(parser).valid().get(1).destination().namespace()).isEqualTo("web-prod");
        assertThat(result.declarations(parser).valid().get(1).label("env")).contains("prod");
        assertThat(result.invalid()).extracting(Object::toString)
                .containsExactly("apps/pay.yaml[1] Application 'pay': spec.source.repoURL: is required");
    }
}
