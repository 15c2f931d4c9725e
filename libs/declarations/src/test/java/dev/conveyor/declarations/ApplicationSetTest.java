package dev.conveyor.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.conveyor.git.RepositoryCache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationSetTest {

    @TempDir
    Path tmp;

    RepositoryCache cache;

    @BeforeEach
    void setUp() {
        cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        cache.close();
    }

    private void write(String file, String content) throws Exception {
        Path p = tmp.resolve("decl").resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private LoadResult load(KindParser<?>... parsers) {
        return DeclarationLoader.loadDirectory(tmp.resolve("decl"), List.of(parsers), cache);
    }

    @Test
    void aListGeneratorRendersOneApplicationPerElement() throws Exception {
        write("sets/envs.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: envs}
                spec:
                  generators:
                    - list:
                        elements:
                          - {env: dev, values: {repo: pay}}
                          - {env: prod, values: {repo: pay-prod}}
                  template:
                    metadata:
                      name: "pay-{{env}}"
                      labels: {env: "{{ env }}"}
                    spec:
                      source:
                        repoURL: "https://git.example.com/acme/{{values.repo}}.git"
                        path: "deploy/{{env}}"
                """);

        LoadResult r = load(TestApp.PARSER);

        assertThat(r.invalid()).isEmpty();
        assertThat(r.declarations(TestApp.PARSER).valid())
                .extracting(TestApp::name, TestApp::repoURL, TestApp::path, TestApp::file)
                .containsExactly(
                        tuple("pay-dev", "https://git.example.com/acme/pay.git", "deploy/dev", "sets/envs.yaml"),
                        tuple("pay-prod", "https://git.example.com/acme/pay-prod.git", "deploy/prod", "sets/envs.yaml"));
        assertThat(r.declarations(TestApp.PARSER).valid().get(1).labels()).containsEntry("env", "prod");
    }

    @Test
    void aGitGeneratorRendersOneApplicationPerMatchingDirectory() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
            Map<String, String> files = new HashMap<>();
            for (String dir : List.of("apps/pay", "apps/Web_Shop", "apps/legacy", "apps/.hidden", "apps/pay/nested",
                    "other/x")) {
                files.put(dir + "/kustomization.yaml", "resources: []\n");
            }
            repo.push(files);
            write("set.yaml", """
                    apiVersion: conveyor.dev/v1alpha1
                    kind: ApplicationSet
                    metadata: {name: apps}
                    spec:
                      generators:
                        - git:
                            repoURL: %s
                            revision: main
                            directories:
                              - path: "apps/*"
                              - {path: apps/legacy, exclude: true}
                      template:
                        metadata: {name: "{{path.basenameNormalized}}"}
                        spec:
                          source: {repoURL: "%s", path: "{{path}}"}
                    """.formatted(repo.url(), repo.url()));

            LoadResult r = load(TestApp.PARSER);

            assertThat(r.invalid()).isEmpty();
            assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name, TestApp::path)
                    .containsExactly(tuple("web-shop", "apps/Web_Shop"), tuple("pay", "apps/pay"));
        }
    }

    @Test
    void anUnknownPlaceholderRejectsThatApplicationSetOnly() throws Exception {
        write("a-bad.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: bad}
                spec:
                  generators: [{list: {elements: [{env: dev}]}}]
                  template:
                    metadata: {name: "x-{{env}}"}
                    spec: {source: {repoURL: "https://h/{{enviroment}}"}}
                """);
        write("b-good.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: good}
                spec:
                  generators: [{list: {elements: [{env: dev}]}}]
                  template:
                    metadata: {name: "y-{{env}}"}
                    spec: {source: {repoURL: "https://h/acme/y"}}
                """);
        write("c-app.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: plain}
                spec: {source: {repoURL: "https://h/acme/plain"}}
                """);

        LoadResult r = load(TestApp.PARSER);

        assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name).containsExactly("y-dev", "plain");
        assertThat(r.declarations(TestApp.PARSER).invalid()).extracting(Object::toString).containsExactly(
                "a-bad.yaml[0] ApplicationSet 'bad': spec.template.spec.source.repoURL: unknown placeholder "
                        + "{{enviroment}} (known: env)");
        assertThat(r.uncertain("a-bad.yaml")).isTrue();
        assertThat(r.uncertain("b-good.yaml")).isFalse();
    }

    @Test
    void generatedApplicationsAreParsedAndCheckedForDuplicatesLikeHandWrittenOnes() throws Exception {
        write("a.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: pay-dev}
                spec: {source: {repoURL: "https://h/acme/hand"}}
                """);
        write("b.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: envs}
                spec:
                  generators: [{list: {elements: [{env: dev}, {env: prod, repo: ""}, {env: test}]}}]
                  template:
                    metadata: {name: "pay-{{env}}"}
                    spec: {source: {repoURL: "https://h/acme/pay"}}
                """);
        write("c.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: typo}
                spec:
                  generators: [{list: {elements: [{env: qa}]}}]
                  template:
                    metadata: {name: "typo-{{env}}"}
                    spec: {source: {repoURL: "https://h/acme/pay", pth: x}}
                """);

        LoadResult r = load(TestApp.PARSER);

        assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name, TestApp::file)
                .containsExactly(tuple("pay-dev", "a.yaml"), tuple("pay-prod", "b.yaml"), tuple("pay-test", "b.yaml"));
        assertThat(r.declarations(TestApp.PARSER).invalid()).extracting(Object::toString).containsExactly(
                "b.yaml[0] Application 'pay-dev': metadata.name: duplicate name: already declared in a.yaml[0] "
                        + "(generated by ApplicationSet 'envs' for list element 0)",
                "c.yaml[0] Application 'typo-qa': spec.source.pth: unknown field (allowed: path, repoURL) "
                        + "(generated by ApplicationSet 'typo' for list element 0)");
    }

    @Test
    void malformedApplicationSetsAreReportedByField() throws Exception {
        String head = "apiVersion: conveyor.dev/v1alpha1\nkind: ApplicationSet\n";
        String template = "  template: {metadata: {name: x}, spec: {}}\n";
        write("s.yaml", head + "metadata: {name: none}\nspec:\n  generators: []\n" + template
                + "---\n" + head + "metadata: {name: both}\nspec:\n  generators: [{list: {elements: []}, git: {}}]\n"
                + template
                + "---\n" + head + "metadata: {name: extra}\nspec:\n  generators: [{list: {elements: []}}]\n"
                + template + "  syncPolicy: {}\n"
                + "---\n" + head + "metadata: {name: noname}\nspec:\n  generators: [{list: {elements: [{a: b}]}}]\n"
                + "  template: {metadata: {labels: {a: '{{a}}'}}, spec: {}}\n"
                + "---\n" + head + "metadata: {name: nocache}\nspec:\n"
                + "  generators: [{git: {repoURL: 'https://h/x', directories: [{path: 'apps/*'}]}}]\n" + template
                + "---\n" + head + "metadata: {name: escape}\nspec:\n"
                + "  generators: [{git: {repoURL: 'https://h/x', directories: [{path: '../*'}]}}]\n" + template);

        LoadResult r = DeclarationLoader.loadDirectory(tmp.resolve("decl"), List.of(TestApp.PARSER));

        assertThat(r.invalid()).extracting(InvalidDeclaration::name, InvalidDeclaration::field, InvalidDeclaration::reason)
                .containsExactly(
                        tuple("none", "spec.generators", "at least one generator is required"),
                        tuple("both", "spec.generators[0]", "must have exactly one of: list, git"),
                        tuple("extra", "spec.syncPolicy", "unknown field (allowed: generators, template)"),
                        tuple("noname", "spec.template.metadata.name", "is required (list element 0)"),
                        tuple("nocache", "spec.generators[0].git",
                                "a git generator needs a repository cache (load from Git)"),
                        tuple("escape", "spec.generators[0].git.directories[0].path", "must not contain '..'"));
    }

    @Test
    void anUnreadableGeneratorRepositoryRejectsTheApplicationSetWithoutCredentials() throws Exception {
        write("s.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: remote}
                spec:
                  generators: [{git: {repoURL: "%s", directories: [{path: "*"}]}}]
                  template: {metadata: {name: x}, spec: {}}
                """.formatted(tmp.resolve("missing.git").toUri().toString()));

        LoadResult r = load(TestApp.PARSER);

        assertThat(r.complete()).isTrue();
        assertThat(r.invalid()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("ApplicationSet");
            assertThat(i.field()).isEqualTo("spec.generators[0].git");
            assertThat(i.reason()).startsWith("cannot read ");
        });
    }

    @Test
    void applicationSetsAreSkippedByServicesThatDoNotLoadApplications() throws Exception {
        write("s.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ApplicationSet
                metadata: {name: any}
                spec: {generators: [{list: {elements: [{a: b}]}}], template: {metadata: {name: "{{zzz}}"}, spec: {}}}
                """);

        LoadResult r = load(TestApp.Policy.PARSER);

        assertThat(r.invalid()).isEmpty();
        assertThat(r.declarations(TestApp.Policy.PARSER).valid()).isEmpty();
    }
}
