package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.conveyor.git.Credentials;
import dev.conveyor.git.GitException;
import dev.conveyor.git.TestRemote;

/** GitWriter against real bare repositories reached by {@code file://} URLs. */
@Timeout(120)
class GitWriterTest {

    static final String VALUES = """
            # app values
            image:
              repository: registry.example/team/app
              tag: "1.0.0"
            other:
              image:
                tag: "5.0.0"
            """;
    static final String KUSTOMIZATION = """
            resources:
            - deployment.yaml
            images:
            - name: app
              newTag: 1.0.0
            """;
    static final PersonIdent BOT = new PersonIdent("Conveyor Image Watcher", "image-watcher@conveyor.dev");
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(10));

    @TempDir
    Path tmp;

    TestRemote remote;
    RemoteState state;
    String initial;
    List<GitWriter> writers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = TestRemote.create(tmp.resolve("remote"));
        initial = remote.commit("initial", Map.of("apps/app/values.yaml", VALUES,
                "apps/app/kustomization.yaml", KUSTOMIZATION, "README.md", "hello\n"));
        remote.pushBranch("main");
        state = new RemoteState(remote.bareDir());
    }

    @AfterEach
    void tearDown() {
        writers.forEach(GitWriter::close);
        state.close();
        remote.close();
    }

    GitWriter writer(String name, WriteListener listener) {
        GitWriter w = new GitWriter(tmp.resolve(name), Duration.ofSeconds(20), null, FAST_RETRY, listener);
        writers.add(w);
        return w;
    }

    GitWriter writer() {
        return writer("writer", WriteListener.NONE);
    }

    WriteRequest tagRequest(String tag) {
        ImageVersion v = ImageVersion.ofTag("registry.example/team/app", tag);
        return new WriteRequest(remote.url(), "main", List.of(
                new FileChange("apps/app/values.yaml", ImageEdits.helmValues(null, "image.tag", null, v)),
                new FileChange("apps/app/kustomization.yaml", ImageEdits.kustomize("app", null, v, true, false))),
                "app: " + tag, BOT);
    }

    @Test
    void aMessageFunctionSeesTheFilesAsTheyWereOnTheHeadItBuildsOn() throws Exception {
        writer().write(tagRequest("1.1.0"));
        ImageVersion v = ImageVersion.ofTag("registry.example/team/app", "1.2.0");
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> seen = new java.util.concurrent.atomic.AtomicReference<>();
        WriteRequest request = new WriteRequest(remote.url(), "main",
                List.of(new FileChange("apps/app/values.yaml", ImageEdits.helmValues(null, "image.tag", null, v))),
                "fallback", BOT, before -> {
                    seen.set(before);
                    return before.get("apps/app/values.yaml").contains("\"1.1.0\"") ? "app: 1.1.0 → 1.2.0" : "app: ? → 1.2.0";
                });
        WriteResult result = writer().write(request);
        assertThat(state.commit(result.commitSha()).getFullMessage()).isEqualTo("app: 1.1.0 → 1.2.0");
        assertThat(seen.get()).containsOnlyKeys("apps/app/values.yaml");
    }

    @Test
    void writesEveryFileChangeAsOneCommitWithAuthorAndMessage() throws Exception {
        WriteResult result = writer().write(tagRequest("1.1.0"));

        assertThat(result.status()).isEqualTo(WriteResult.Status.COMMITTED);
        assertThat(result.previousSha()).isEqualTo(initial);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.conflicts()).isZero();
        assertThat(result.changedPaths()).containsExactly("apps/app/kustomization.yaml", "apps/app/values.yaml");
        assertThat(state.head("main")).isEqualTo(result.commitSha());

        RevCommit commit = state.commit(result.commitSha());
        assertThat(commit.getParents()).hasSize(1);
        assertThat(commit.getParent(0).name()).isEqualTo(initial);
        assertThat(commit.getFullMessage()).isEqualTo("app: 1.1.0");
        assertThat(commit.getAuthorIdent().getName()).isEqualTo(BOT.getName());
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo(BOT.getEmailAddress());
        assertThat(commit.getCommitterIdent().getName()).isEqualTo(BOT.getName());
        assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo(BOT.getEmailAddress());

        assertThat(state.file(result.commitSha(), "apps/app/values.yaml"))
                .isEqualTo(VALUES.replace("tag: \"1.0.0\"", "tag: \"1.1.0\""));
        assertThat(state.file(result.commitSha(), "apps/app/kustomization.yaml"))
                .isEqualTo(KUSTOMIZATION.replace("newTag: 1.0.0", "newTag: 1.1.0"));
        assertThat(state.file(result.commitSha(), "README.md")).isEqualTo("hello\n");
    }

    @Test
    void makesNoCommitWhenTheBranchAlreadyHasTheChange() throws Exception {
        WriteResult first = writer().write(tagRequest("1.1.0"));
        WriteResult again = writer().write(tagRequest("1.1.0"));

        assertThat(again.status()).isEqualTo(WriteResult.Status.ALREADY_UP_TO_DATE);
        assertThat(again.commitSha()).isEqualTo(first.commitSha());
        assertThat(again.previousSha()).isEqualTo(first.commitSha());
        assertThat(again.changedPaths()).isEmpty();

        // After a restart (a new writer on the same work root) and on a replica (another work root) alike.
        writers.remove(0).close();
        assertThat(writer("writer", WriteListener.NONE).write(tagRequest("1.1.0")).status())
                .isEqualTo(WriteResult.Status.ALREADY_UP_TO_DATE);
        assertThat(writer("replica", WriteListener.NONE).write(tagRequest("1.1.0")).status())
                .isEqualTo(WriteResult.Status.ALREADY_UP_TO_DATE);
        assertThat(state.log("main")).hasSize(2);
    }

    @Test
    void retriesFromAFreshFetchWhenSomeoneElsePushesBetweenFetchAndPush() throws Exception {
        ExternalWriter external = new ExternalWriter(remote.bareDir(), 1);
        WriteResult result = writer("writer", external).write(tagRequest("1.1.0"));

        assertThat(result.status()).isEqualTo(WriteResult.Status.COMMITTED);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.conflicts()).isEqualTo(1);
        assertThat(external.conflicts.get()).isEqualTo(1);

        List<RevCommit> log = state.log("main");
        assertThat(log).extracting(RevCommit::getShortMessage)
                .containsExactly("app: 1.1.0", "other: 5.0.1", "initial");
        assertThat(result.previousSha()).isEqualTo(log.get(1).name());
        String values = state.file(result.commitSha(), "apps/app/values.yaml");
        assertThat(values).isEqualTo(VALUES.replace("tag: \"1.0.0\"", "tag: \"1.1.0\"")
                .replace("tag: \"5.0.0\"", "tag: \"5.0.1\""));
    }

    @Test
    void givesUpAfterMaxAttemptsWithAClearError() throws Exception {
        ExternalWriter external = new ExternalWriter(remote.bareDir(), Integer.MAX_VALUE);
        GitWriter writer = writer("writer", external);

        assertThatThrownBy(() -> writer.write(tagRequest("1.1.0")))
                .isInstanceOfSatisfying(GitException.class, e -> {
                    assertThat(e.getMessage()).contains("gave up", "after 3 attempts", "main");
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(external.conflicts.get()).isEqualTo(3);
        assertThat(external.failures.get()).isEqualTo(1);
        assertThat(state.log("main")).extracting(RevCommit::getShortMessage).doesNotContain("app: 1.1.0")
                .hasSize(4);
    }

    @Test
    void aMissingFileIsATerminalEditErrorAndNothingIsPushed() {
        ImageVersion v = ImageVersion.ofTag("app", "2.0.0");
        WriteRequest request = new WriteRequest(remote.url(), "main", List.of(
                new FileChange("apps/app/values.yaml", ImageEdits.helmValues(null, "image.tag", null, v)),
                new FileChange("apps/missing/values.yaml", ImageEdits.helmValues(null, "image.tag", null, v))),
                "x", BOT);

        assertThatThrownBy(() -> writer().write(request))
                .isInstanceOfSatisfying(EditException.class, e -> {
                    assertThat(e.path()).isEqualTo("apps/missing/values.yaml");
                    assertThat(e.getMessage()).contains("apps/missing/values.yaml", "no such file");
                });
        assertThat(headOf()).isEqualTo(initial);
    }

    @Test
    void aMissingMarkerIsATerminalEditError() {
        ImageVersion v = ImageVersion.ofTag("app", "2.0.0");
        WriteRequest request = new WriteRequest(remote.url(), "main", List.of(
                new FileChange("/apps/app/values.yaml", ImageEdits.markers("app-policy", v, true, false))), "x", BOT);

        assertThatThrownBy(() -> writer().write(request))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("apps/app/values.yaml")
                .hasMessageContaining("app-policy");
        assertThat(headOf()).isEqualTo(initial);
    }

    @Test
    void neverCreatesABranch() throws Exception {
        WriteRequest request = new WriteRequest(remote.url(), "release", tagRequest("2.0.0").changes(), "x", BOT);

        assertThatThrownBy(() -> writer().write(request))
                .isInstanceOfSatisfying(GitException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GitException.Reason.UNKNOWN_REVISION);
                    assertThat(e.getMessage()).contains("refs/heads/release", "does not exist");
                });
        assertThat(state.head("release")).isNull();
    }

    @Test
    void writesOfOneWriterToOneBranchAreSerialisedSoTheyNeverConflict() throws Exception {
        GitWriter writer = writer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ImageVersion v = ImageVersion.ofTag("registry.example/team/svc" + i, "1.0." + i);
                WriteRequest r = new WriteRequest(remote.url(), "main", List.of(new FileChange(
                        "apps/app/values.yaml", ImageEdits.helmValues("svc" + i + ".repository", "svc" + i + ".tag",
                                null, v))), "svc" + i, BOT);
                results.add(pool.submit(() -> writer.write(r)));
            }
            for (Future<WriteResult> f : results) {
                WriteResult r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(WriteResult.Status.COMMITTED);
                assertThat(r.conflicts()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(state.log("main")).hasSize(9);
        String values = state.file(headOf(), "apps/app/values.yaml");
        for (int i = 0; i < 8; i++) {
            assertThat(values).contains("svc" + i + ":\n  repository: registry.example/team/svc" + i
                    + "\n  tag: 1.0." + i + "\n");
        }
    }

    @Test
    void differentRepositoriesAreWrittenInParallel() throws Exception {
        TestRemote second = TestRemote.create(tmp.resolve("second"));
        try {
            second.commit("initial", "apps/app/values.yaml", VALUES);
            second.pushBranch("main");
            CountDownLatch secondDone = new CountDownLatch(1);
            AtomicInteger waited = new AtomicInteger();
            // The first write pauses just before its push until the second repository's write has finished: were
            // writes to different repositories serialised, the second could not finish and the wait would fail.
            WriteListener pauseFirst = new WriteListener() {
                @Override
                public void pushing(String repository, String branch, int attempt, String expected, String next) {
                    if (repository.equals(dev.conveyor.events.RepositoryUrls.canonical(remote.url()))) {
                        try {
                            if (secondDone.await(60, TimeUnit.SECONDS)) {
                                waited.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            GitWriter writer = writer("writer", pauseFirst);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<WriteResult> first = pool.submit(() -> writer.write(tagRequest("3.0.0")));
                ImageVersion v = ImageVersion.ofTag("app", "9.9.9");
                WriteResult other = writer.write(new WriteRequest(second.url(), "main", List.of(new FileChange(
                        "apps/app/values.yaml", ImageEdits.helmValues(null, "image.tag", null, v))), "x", BOT));
                secondDone.countDown();
                assertThat(other.committed()).isTrue();
                assertThat(first.get(60, TimeUnit.SECONDS).committed()).isTrue();
                assertThat(waited.get()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            second.close();
        }
    }

    @Test
    void secretsNeverAppearInErrors() {
        String token = "s3cr3t-token-value";
        GitWriter writer = new GitWriter(tmp.resolve("w"), Duration.ofSeconds(5),
                url -> Optional.of(Credentials.token(token)), FAST_RETRY);
        writers.add(writer);
        WriteRequest viaLookup = new WriteRequest("http://127.0.0.1:9/team/repo.git", "main",
                tagRequest("1.0.0").changes(), "x", BOT);
        WriteRequest inUrl = new WriteRequest("http://bot:" + token + "@127.0.0.1:9/team/repo.git", "main",
                tagRequest("1.0.0").changes(), "x", BOT);

        for (WriteRequest r : List.of(viaLookup, inUrl)) {
            assertThatThrownBy(() -> writer.write(r))
                    .isInstanceOfSatisfying(GitException.class, e -> {
                        assertThat(e.getMessage()).doesNotContain(token);
                        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                            assertThat(String.valueOf(c)).doesNotContain(token);
                        }
                    });
        }
    }

    private String headOf() {
        try {
            return state.head("main");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another writer that lands its own change to the same file (another key) on the remote just before our push,
     * for the first {@code times} pushes: the collision the retry exists for, made deterministic.
     */
    static final class ExternalWriter implements WriteListener {
        final Path bare;
        final int times;
        final AtomicInteger conflicts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        int landed;

        ExternalWriter(Path bare, int times) {
            this.bare = bare;
            this.times = times;
        }

        @Override
        public void pushing(String repository, String branch, int attempt, String expectedSha, String newSha) {
            if (landed >= times) {
                return;
            }
            landed++;
            try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
                 RemoteState state = new RemoteState(bare)) {
                String values = state.file(state.head(branch), "apps/app/values.yaml");
                String edited = ImageEdits.helmValues(null, "other.image.tag", null,
                        ImageVersion.ofTag("other", "5.0." + landed)).apply("apps/app/values.yaml", values);
                BranchMover.commitOnTop(repo, "refs/heads/" + branch, "apps/app/values.yaml", edited,
                        "other: 5.0." + landed);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void conflicted(String repository, String branch, int attempt, String detail) {
            conflicts.incrementAndGet();
        }

        @Override
        public void failed(String repository, String branch, Exception error) {
            failures.incrementAndGet();
        }
    }
}
