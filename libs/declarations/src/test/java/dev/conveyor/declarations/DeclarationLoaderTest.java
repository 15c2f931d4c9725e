package dev.conveyor.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.git.RepositoryCache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclarationLoaderTest {

    @TempDir
    Path tmp;

    private static final List<KindParser<?>> PARSERS = List.of(TestApp.PARSER, TestApp.Policy.PARSER);

    private static String app(String name, String repo) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata:
                  name: %s
                  labels: {team: payments, tier: 1}
                spec:
                  source: {repoURL: %s, path: deploy}
                """.formatted(name, repo);
    }

    private Path write(String file, String content) throws Exception {
        Path p = tmp.resolve("decl").resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private LoadResult loadTmp() {
        return DeclarationLoader.loadDirectory(tmp.resolve("decl"), PARSERS);
    }

    @Test
    void keepsValidDocumentsAndReportsEachInvalidOneWithFileDocumentAndField() throws Exception {
        write("apps/pay.yaml", app("pay", "https://git.example.com/acme/pay.git") + """
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: orders}
                spec:
                  source: {path: deploy}
                """);
        write("apps/broken.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: Application\nmetadata: {name: [x\n");
        write("apps/web.json", """
                {"apiVersion": "conveyor.dev/v1alpha1", "kind": "Application",
                 "metadata": {"name": "web"}, "spec": {"source": {"repoURL": "https://git.example.com/acme/web"}}}
                """);
        write("apps/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pay}\n");
        write("apps/kustomization.yml", "resources: [deployment.yaml]\n");
        write("apps/notes.md", "apiVersion: conveyor.dev/v1alpha1\nkind: Nonsense\n");
        write(".github/workflow.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: Nonsense\n");
        write("apps/.draft.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: Nonsense\n");
        write("policies/pay.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: ImagePolicy\nmetadata: {name: pay}\n"
                + "spec: {image: registry.example.com/pay}\n");
        write("other/pipeline.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\n");
        write("other/typo.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: Aplication\nmetadata: {name: t}\n");

        LoadResult r = loadTmp();

        assertThat(r.complete()).isTrue();
        assertThat(r.problem()).isNull();
        Declarations<TestApp> apps = r.declarations(TestApp.PARSER);
        assertThat(apps.valid()).extracting(TestApp::name).containsExactly("pay", "web");
        assertThat(apps.valid().get(0).file()).isEqualTo("apps/pay.yaml");
        assertThat(apps.valid().get(0).labels()).containsEntry("team", "payments").containsEntry("tier", "1");
        assertThat(apps.invalid()).extracting(Object::toString)
                .containsExactly("apps/pay.yaml[1] Application 'orders': spec.source.repoURL: is required");
        assertThat(r.declarations(TestApp.Policy.PARSER).valid())
                .containsExactly(new TestApp.Policy("pay", "registry.example.com/pay"));

        assertThat(r.invalid()).hasSize(3);
        assertThat(r.invalid().get(0).toString()).startsWith("apps/broken.yaml[0]: syntax error at line 3");
        assertThat(r.invalid().get(2)).isEqualTo(new InvalidDeclaration("other/typo.yaml", 0, "Aplication", "t",
                "kind", "unknown kind 'Aplication' (known: Application, ApplicationSet, ImagePolicy, Pipeline, "
                + "Subscription)"));
        assertThat(r.uncertain("apps/pay.yaml")).isTrue();
        assertThat(r.uncertain("apps/web.json")).isFalse();
    }

    @Test
    void aSyntaxErrorInOneDocumentLosesOnlyThatDocument() throws Exception {
        write("all.yaml", """
                # leading comment
                ---
                %s---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: bad
                  oops: [
                ---
                # only a comment
                ---
                %s...
                """.formatted(app("first", "https://h/a/first"), app("second", "https://h/a/second")));

        LoadResult r = loadTmp();

        assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name).containsExactly("first", "second");
        assertThat(r.invalid()).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo("all.yaml");
            assertThat(i.document()).isEqualTo(1);
            assertThat(i.reason()).startsWith("syntax error at line 1");
        });
        assertThat(r.invalid().get(0).reason()).matches("syntax error at line (1[0-9]), column \\d+: .*");
    }

    @Test
    void aDuplicateNameWithinAKindIsInvalidAndNamesTheFirstDeclaration() throws Exception {
        write("a.yaml", app("pay", "https://h/acme/one"));
        write("b.yaml", "---\n" + app("other", "https://h/acme/x") + "---\n" + app("pay", "https://h/acme/two"));
        write("c.yaml", "apiVersion: conveyor.dev/v1alpha1\nkind: ImagePolicy\nmetadata: {name: pay}\n"
                + "spec: {image: r/pay}\n");

        LoadResult r = loadTmp();

        assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::repoURL)
                .containsExactly("https://h/acme/one", "https://h/acme/x");
        assertThat(r.declarations(TestApp.PARSER).invalid()).extracting(Object::toString).containsExactly(
                "b.yaml[1] Application 'pay': metadata.name: duplicate name: already declared in a.yaml[0]");
        assertThat(r.declarations(TestApp.Policy.PARSER).valid()).hasSize(1);
    }

    @Test
    void identityFieldsAreChecked() throws Exception {
        write("x.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                metadata: {name: nokind}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {labels: {a: b}}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                spec: {}
                ---
                apiVersion: conveyor.dev/v1
                kind: Application
                metadata: {name: future}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: nested, labels: {a: {b: c}}}
                """);

        assertThat(loadTmp().invalid()).extracting(Object::toString).containsExactly(
                "x.yaml[0] 'nokind': kind: is required",
                "x.yaml[1] Application: metadata.name: is required",
                "x.yaml[2] Application: metadata.name: is required",
                "x.yaml[3] Application 'future': apiVersion: unsupported version conveyor.dev/v1 (supported: "
                        + "conveyor.dev/v1alpha1)",
                "x.yaml[4] Application 'nested': metadata.labels.a: must be a scalar, not an object");
    }

    @Test
    void duplicateKeysAreSyntaxErrorsAndNumbersKeepTheirSpelling() throws Exception {
        write("dup.yaml", app("dup", "https://h/a/dup") + "spec: {}\n");
        write("ver.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: ver, labels: {version: 1.10}}
                spec: {source: {repoURL: "https://h/a/v", path: 1.10}}
                """);

        LoadResult r = loadTmp();

        assertThat(r.invalid()).singleElement().satisfies(i -> {
            assertThat(i.file()).isEqualTo("dup.yaml");
            assertThat(i.reason()).contains("Duplicate field 'spec'");
        });
        assertThat(r.declarations(TestApp.PARSER).valid()).singleElement().satisfies(a -> {
            assertThat(a.path()).isEqualTo("1.10");
            assertThat(a.labels()).containsEntry("version", "1.10");
        });
    }

    @Test
    void aParserBugRejectsOnlyThatDocument() throws Exception {
        write("a.yaml", app("explode", "https://h/a/x") + "---\n" + app("fine", "https://h/a/y"));

        LoadResult r = loadTmp();

        assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name).containsExactly("fine");
        assertThat(r.invalid()).singleElement().satisfies(i -> assertThat(i.reason()).contains("parser bug"));
    }

    @Test
    void aMissingDirectoryIsAnIncompleteLoad() {
        LoadResult r = DeclarationLoader.loadDirectory(tmp.resolve("nope"), PARSERS);

        assertThat(r.complete()).isFalse();
        assertThat(r.problem()).contains("not a directory");
        assertThat(r.declarations(TestApp.PARSER).valid()).isEmpty();
        assertThat(r.uncertain("anything.yaml")).isTrue();
    }

    @Test
    void registeringTwoParsersForAKindIsAnError() {
        assertThatThrownBy(() -> DeclarationLoader.loadDirectory(tmp, List.of(TestApp.PARSER, TestApp.PARSER)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadsFromGitAtARevisionAndPath() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"));
             RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofSeconds(10))) {
            String sha = repo.push(Map.of(
                    "clusters/prod/apps.yaml", app("pay", "https://h/acme/pay"),
                    "clusters/prod/more/web.yaml", app("web", "https://h/acme/web"),
                    "clusters/dev/apps.yaml", app("dev-only", "https://h/acme/dev"),
                    "README.md", "hi"));

            LoadResult r = DeclarationLoader.load(cache, repo.url(), "main", "clusters/prod", PARSERS);

            assertThat(r.complete()).isTrue();
            assertThat(r.sha()).isEqualTo(sha);
            assertThat(r.path()).isEqualTo("clusters/prod");
            assertThat(r.declarations(TestApp.PARSER).valid()).extracting(TestApp::name, TestApp::file)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("pay", "clusters/prod/apps.yaml"),
                            org.assertj.core.groups.Tuple.tuple("web", "clusters/prod/more/web.yaml"));

            String sha2 = repo.push(Map.of("clusters/prod/more/web.yaml", app("web", "https://h/acme/web2")));
            cache.fetch(repo.url());
            LoadResult r2 = DeclarationLoader.load(cache, repo.url(), null, "/clusters/prod/".substring(1), PARSERS);
            assertThat(r2.sha()).isEqualTo(sha2);
            assertThat(r2.declarations(TestApp.PARSER).valid()).extracting(TestApp::repoURL)
                    .containsExactly("https://h/acme/pay", "https://h/acme/web2");

            LoadResult atOld = DeclarationLoader.load(cache, repo.url(), sha.substring(0, 10), "clusters/prod", PARSERS);
            assertThat(atOld.sha()).isEqualTo(sha);
            assertThat(atOld.declarations(TestApp.PARSER).valid()).extracting(TestApp::repoURL)
                    .contains("https://h/acme/web");
        }
    }

    @Test
    void repositoryLevelFailuresMakeTheLoadIncomplete() throws Exception {
        try (GitFixture repo = new GitFixture(tmp.resolve("repo"));
             RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofSeconds(10))) {
            String sha = repo.push(Map.of("apps/a.yaml", app("a", "https://h/acme/a")));

            LoadResult missingPath = DeclarationLoader.load(cache, repo.url(), "main", "nowhere", PARSERS);
            assertThat(missingPath.complete()).isFalse();
            assertThat(missingPath.sha()).isEqualTo(sha);
            assertThat(missingPath.problem()).contains("nowhere");
            assertThat(missingPath.declarations(TestApp.PARSER).valid()).isEmpty();

            LoadResult escaping = DeclarationLoader.load(cache, repo.url(), "main", "../x", PARSERS);
            assertThat(escaping.complete()).isFalse();

            LoadResult unknownRevision = DeclarationLoader.load(cache, repo.url(), "no-such-branch", "", PARSERS);
            assertThat(unknownRevision.complete()).isFalse();
            assertThat(unknownRevision.problem()).contains("no-such-branch");

            LoadResult unreachable = DeclarationLoader.load(cache, tmp.resolve("missing.git").toUri().toString(),
                    "main", "", PARSERS);
            assertThat(unreachable.complete()).isFalse();
            assertThat(unreachable.sha()).isNull();
        }
    }
}
