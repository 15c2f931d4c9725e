package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import dev.conveyor.git.TestRemote;

/**
 * Twenty writers, as twenty replicas would be (each its own {@link GitWriter} and work root), write a different image
 * into the same two files of one branch at once, while an unrelated committer pushes other files with plain JGit.
 * Afterwards every change is in the final tree and the history has exactly one commit per writer: nothing lost,
 * nothing duplicated. Bounded by attempt counts and the test timeout.
 */
@Timeout(300)
class ConcurrentWritersIT {

    static final int WRITERS = 20;
    static final int UNRELATED_COMMITS = 10;
    static final RetryPolicy PATIENT = new RetryPolicy(200, Duration.ofMillis(2), Duration.ofMillis(100));

    @TempDir
    Path tmp;

    /** Over {@code file://} (JGit's in-process receive-pack) and over {@code git://} (JGit's daemon on 127.0.0.1). */
    @ParameterizedTest
    @ValueSource(strings = {"file", "git"})
    void everyWriterLandsExactlyOnceAndNothingElseIsLost(String transport) throws Exception {
        try (TestRemote remote = TestRemote.create(tmp.resolve("remote"))) {
            remote.commit("initial", Map.of(
                    "deploy/values.yaml", "# one entry per app\napps:\n  existing:\n    image:\n      tag: \"0.1\"\n",
                    "deploy/kustomization.yaml", "resources:\n- app.yaml\nimages:\n- name: existing\n  newTag: v0\n"));
            remote.pushBranch("main");
            logRefUpdates(remote);
            DaemonRemote daemon = transport.equals("git") ? new DaemonRemote(remote.bareDir(), PreReceiveHook.NULL)
                    : null;
            try {
                String url = daemon == null ? remote.url() : daemon.url();
                writeConcurrently(url);
            } finally {
                if (daemon != null) {
                    daemon.close();
                }
            }

            assertFinalState(remote);
        }
    }

    private void writeConcurrently(String url) throws Exception {
        List<Callable<WriteResult>> writers = new ArrayList<>();
        List<GitWriter> gitWriters = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            GitWriter w = new GitWriter(tmp.resolve("replica-" + i), Duration.ofSeconds(30), null, PATIENT);
            gitWriters.add(w);
            WriteRequest request = requestOf(url, i);
            writers.add(() -> w.write(request));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<Integer> unrelated = pool.submit(() -> {
                start.await();
                return commitUnrelated(url, tmp.resolve("unrelated"));
            });
            List<Future<WriteResult>> results = new ArrayList<>();
            for (Callable<WriteResult> w : writers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return w.call();
                }));
            }
            start.countDown();

            int conflicts = 0;
            int mostAttempts = 0;
            for (Future<WriteResult> f : results) {
                WriteResult r = f.get(240, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(WriteResult.Status.COMMITTED);
                conflicts += r.conflicts();
                mostAttempts = Math.max(mostAttempts, r.attempts());
            }
            assertThat(unrelated.get(240, TimeUnit.SECONDS)).isEqualTo(UNRELATED_COMMITS);
            System.out.printf("%s: %d writers, %d unrelated commits: %d conflicts retried, at most %d attempts%n",
                    url, WRITERS, UNRELATED_COMMITS, conflicts, mostAttempts);
        } finally {
            pool.shutdownNow();
            gitWriters.forEach(GitWriter::close);
        }
    }

    /**
     * The remote keeps a reflog of main, so that a lost commit shows how: every accepted update's old value must be
     * the previous update's new one — an update over a stale value is the remote's compare-and-swap failing, not a
     * writer's.
     */
    private static void logRefUpdates(TestRemote remote) throws Exception {
        try (Repository bare = new FileRepositoryBuilder().setGitDir(remote.bareDir().toFile()).setMustExist(true).build()) {
            StoredConfig config = bare.getConfig();
            config.setBoolean("core", null, "logAllRefUpdates", true);
            config.save();
        }
    }

    private static String reflog(TestRemote remote) throws Exception {
        try (Repository bare = new FileRepositoryBuilder().setGitDir(remote.bareDir().toFile()).setMustExist(true).build()) {
            ReflogReader reader = bare.getRefDatabase().getReflogReader("refs/heads/main");
            if (reader == null) return "(no reflog)";
            StringBuilder out = new StringBuilder();
            List<ReflogEntry> entries = new ArrayList<>(reader.getReverseEntries());
            java.util.Collections.reverse(entries);
            String previous = null;
            for (ReflogEntry e : entries) {
                String old = e.getOldId().name();
                out.append(previous != null && !previous.equals(old) ? "  OVER A STALE VALUE: " : "  ")
                        .append(old, 0, 8).append(" → ").append(e.getNewId().name(), 0, 8).append("  ")
                        .append(e.getComment()).append('\n');
                previous = e.getNewId().name();
            }
            return out.toString();
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertFinalState(TestRemote remote) throws Exception {
        try (RemoteState state = new RemoteState(remote.bareDir())) {
            List<RevCommit> log = state.log("main");
            assertThat(log).as("main's history; the remote's reflog of main, oldest first:%n%s", reflog(remote))
                    .hasSize(1 + WRITERS + UNRELATED_COMMITS);
            for (int i = 0; i < WRITERS; i++) {
                String author = "writer-" + i;
                assertThat(log).as("commits by %s", author)
                        .filteredOn(c -> c.getAuthorIdent().getName().equals(author)).hasSize(1);
            }
            for (int n = 0; n < UNRELATED_COMMITS; n++) {
                String message = "unrelated " + n;
                assertThat(log).filteredOn(c -> c.getShortMessage().equals(message)).hasSize(1);
            }

            String head = state.head("main");
            Map<Object, Object> apps = (Map<Object, Object>) load(state.file(head, "deploy/values.yaml")).get("apps");
            List<Object> images = (List<Object>) load(state.file(head, "deploy/kustomization.yaml")).get("images");
            assertThat(apps).containsKey("existing");
            assertThat(images).contains(Map.of("name", "existing", "newTag", "v0"));
            for (int i = 0; i < WRITERS; i++) {
                if (i % 2 == 0) {
                    assertThat(apps.get("app" + i)).isEqualTo(Map.of("image", Map.of("tag", "1." + i + ".0")));
                } else {
                    assertThat(images).contains(Map.of("name", "registry.example/team/app" + i,
                            "newTag", "1." + i + ".0"));
                }
            }
            for (int n = 0; n < UNRELATED_COMMITS; n++) {
                assertThat(state.file(head, "other/" + n + ".txt")).isEqualTo("unrelated " + n + "\n");
            }
        }
    }

    /** Even writers set a Helm value, odd ones a Kustomize image; every one a different key in a shared file. */
    private static WriteRequest requestOf(String url, int i) {
        ImageVersion v = ImageVersion.ofTag("registry.example/team/app" + i, "1." + i + ".0");
        FileChange change = i % 2 == 0
                ? new FileChange("deploy/values.yaml", ImageEdits.helmValues(null, "apps.app" + i + ".image.tag",
                        null, v))
                : new FileChange("deploy/kustomization.yaml", ImageEdits.kustomize(v.image(), null, v, true, false));
        return new WriteRequest(url, "main", List.of(change), "app" + i + ": " + v.tag(),
                new PersonIdent("writer-" + i, "writer-" + i + "@example.com"));
    }

    /** A person's clone pushing other files: fetch, reset, commit, push, and again when the push is rejected. */
    private static int commitUnrelated(String url, Path dir) throws Exception {
        PersonIdent someone = new PersonIdent("unrelated", "unrelated@example.com");
        int pushed = 0;
        try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir.toFile()).call()) {
            for (int n = 0; n < UNRELATED_COMMITS; n++) {
                for (int attempt = 0; attempt < 500; attempt++) {
                    git.fetch().setRemote("origin").call();
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef("origin/main").call();
                    Path file = dir.resolve("other/" + n + ".txt");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, "unrelated " + n + "\n");
                    git.add().addFilepattern("other").call();
                    git.commit().setMessage("unrelated " + n).setAuthor(someone).setCommitter(someone).call();
                    if (pushedOk(git.push().setRemote("origin").add("main").call())) {
                        pushed++;
                        break;
                    }
                    Thread.sleep(attempt % 5);
                }
            }
        }
        return pushed;
    }

    private static boolean pushedOk(Iterable<PushResult> results) {
        for (PushResult r : results) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK) {
                    return false;
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> load(String yaml) {
        return (Map<Object, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }
}
