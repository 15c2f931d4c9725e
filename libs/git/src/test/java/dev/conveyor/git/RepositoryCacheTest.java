package dev.conveyor.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RepositoryCacheTest {

    @TempDir
    Path tmp;

    TestRemote remote;
    RepositoryCache cache;

    @BeforeEach
    void setUp() throws Exception {
        remote = TestRemote.create(tmp.resolve("remote"));
        cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        cache.close();
        remote.close();
    }

    @Test
    void clonesOnFirstUseThenFetchesNewCommits() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");

        FetchResult first = cache.fetch(remote.url());
        assertThat(first.cloned()).isTrue();
        assertThat(first.updatedRefs()).contains("refs/heads/main");
        assertThat(first.duration()).isPositive();
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c1);

        String c2 = remote.commit("two", "a.txt", "2");
        remote.pushBranch("main");
        // Reads come from the mirror: a known branch is not fetched behind the caller's back.
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c1);

        FetchResult second = cache.fetch(remote.url());
        assertThat(second.cloned()).isFalse();
        assertThat(second.updatedRefs()).containsExactly("refs/heads/main");
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c2);

        FetchResult third = cache.fetch(remote.url());
        assertThat(third.updatedRefs()).isEmpty();
    }

    @Test
    void resolvesBranchesTagsAnnotatedTagsHeadAndShas() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        remote.tag("v1", false);
        String c2 = remote.commit("two", "a.txt", "2");
        remote.tag("v2", true);
        remote.pushBranch("main");
        remote.checkoutNewBranch("feature");
        String c3 = remote.commit("three", "b.txt", "3");
        remote.pushBranch("feature");

        String url = remote.url();
        assertThat(cache.resolve(url, "main")).isEqualTo(c2);
        assertThat(cache.resolve(url, "feature")).isEqualTo(c3);
        assertThat(cache.resolve(url, "refs/heads/feature")).isEqualTo(c3);
        assertThat(cache.resolve(url, "v1")).isEqualTo(c1);
        assertThat(cache.resolve(url, "v2")).as("annotated tag peeled to its commit").isEqualTo(c2);
        assertThat(cache.resolve(url, "refs/tags/v2")).isEqualTo(c2);
        assertThat(cache.resolve(url, "HEAD")).isEqualTo(c2);
        assertThat(cache.resolve(url, null)).isEqualTo(c2);
        assertThat(cache.resolve(url, c1)).isEqualTo(c1);
        assertThat(cache.resolve(url, c3.substring(0, 7))).isEqualTo(c3);
    }

    @Test
    void headFollowsTheRemotesDefaultBranch() throws Exception {
        try (TestRemote trunk = TestRemote.create(tmp.resolve("trunk"), "trunk")) {
            String onTrunk = trunk.commit("one", "a.txt", "1");
            trunk.pushBranch("trunk");
            trunk.checkoutNewBranch("main");
            String onMain = trunk.commit("two", "a.txt", "2");
            trunk.pushBranch("main");

            assertThat(onMain).isNotEqualTo(onTrunk);
            assertThat(cache.resolve(trunk.url(), "HEAD")).isEqualTo(onTrunk);
        }
    }

    @Test
    void unknownRevisionsAreErrorsAfterAFetch() throws Exception {
        remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");
        cache.fetch(remote.url());

        assertThatThrownBy(() -> cache.resolve(remote.url(), "no-such-branch"))
                .isInstanceOfSatisfying(GitException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GitException.Reason.UNKNOWN_REVISION);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("no-such-branch");
                });
        assertThatThrownBy(() -> cache.resolve(remote.url(), "0123456789012345678901234567890123456789"))
                .isInstanceOfSatisfying(GitException.class,
                        e -> assertThat(e.reason()).isEqualTo(GitException.Reason.UNKNOWN_REVISION));
        assertThatThrownBy(() -> cache.resolve(remote.url(), "two words"))
                .isInstanceOfSatisfying(GitException.class,
                        e -> assertThat(e.reason()).isEqualTo(GitException.Reason.INVALID_ARGUMENT));
    }

    @Test
    void aRevisionUnknownLocallyIsFetched() throws Exception {
        remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");
        cache.fetch(remote.url());

        remote.checkoutNewBranch("later");
        String c2 = remote.commit("two", "a.txt", "2");
        remote.pushBranch("later");

        assertThat(cache.resolve(remote.url(), "later")).isEqualTo(c2);
        assertThat(cache.resolve(remote.url(), c2)).isEqualTo(c2);
    }

    @Test
    void forcePushedBranchesResolveToTheNewHeadAndDeletedBranchesDisappear() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        String c2 = remote.commit("two", "a.txt", "2");
        remote.pushBranch("main");
        remote.checkoutNewBranch("gone");
        remote.pushBranch("gone");
        remote.checkoutBranch("main");
        cache.fetch(remote.url());
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c2);

        remote.resetHard(c1);
        String c3 = remote.commit("rewritten", "a.txt", "3");
        remote.push("+refs/heads/main:refs/heads/main", ":refs/heads/gone");

        FetchResult result = cache.fetch(remote.url());
        assertThat(result.updatedRefs()).contains("refs/heads/main", "refs/heads/gone");
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c3);
        assertThat(cache.isAncestor(remote.url(), c2, c3)).isFalse();
        assertThatThrownBy(() -> cache.resolve(remote.url(), "gone"))
                .isInstanceOfSatisfying(GitException.class,
                        e -> assertThat(e.reason()).isEqualTo(GitException.Reason.UNKNOWN_REVISION));
    }

    @Test
    void checkoutWritesTheTreeOnceAndReusesIt() throws Exception {
        String c1 = remote.commit("one", Map.of(
                "deploy/base/deployment.yaml", "kind: Deployment\n",
                "deploy/overlays/dev/kustomization.yaml", "resources: [../../base]\n",
                "README.md", "hello\n"));
        Files.createSymbolicLink(remote.workDir().resolve("deploy/current"), Path.of("overlays/dev"));
        Files.createSymbolicLink(remote.workDir().resolve("escape"), Path.of("../../../etc"));
        String c2 = remote.commit("links", Map.of());
        remote.pushBranch("main");

        Path tree = cache.checkout(remote.url(), c2);
        assertThat(tree.getFileName().toString()).isEqualTo(c2);
        assertThat(tree.resolve("deploy/base/deployment.yaml")).hasContent("kind: Deployment");
        assertThat(tree.resolve("deploy/overlays/dev/kustomization.yaml")).hasContent("resources: [../../base]");
        assertThat(Files.isSymbolicLink(tree.resolve("deploy/current"))).isTrue();
        assertThat(tree.resolve("deploy/current/kustomization.yaml")).exists();
        assertThat(tree.resolve("escape")).as("link out of the tree left out").doesNotExist();
        assertThat(tree.resolve(".git")).doesNotExist();

        Files.writeString(tree.resolve("marker"), "still here");
        assertThat(cache.checkout(remote.url(), c2)).isEqualTo(tree);
        assertThat(tree.resolve("marker")).as("reused, not rewritten").exists();

        Path older = cache.checkout(remote.url(), c1.substring(0, 8));
        assertThat(older.getFileName().toString()).isEqualTo(c1);
        assertThat(older.resolve("deploy/current")).doesNotExist();
    }

    @Test
    void twoThreadsCheckingOutTheSameCommitGetOneCompleteTree() throws Exception {
        String c1 = remote.commit("one", Map.of("a/1.yaml", "1", "a/2.yaml", "2", "b/3.yaml", "3"));
        remote.pushBranch("main");
        cache.fetch(remote.url());

        List<Path> trees = inParallel(2, () -> cache.checkout(remote.url(), c1));
        assertThat(trees.get(0)).isEqualTo(trees.get(1));
        assertThat(trees.get(0).resolve("b/3.yaml")).hasContent("3");
        try (Stream<Path> siblings = Files.list(trees.get(0).getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly(c1);
        }
    }

    @Test
    void changedPathsListsAddedModifiedAndDeletedFiles() throws Exception {
        String c1 = remote.commit("one", Map.of("a.yaml", "1", "b.yaml", "1", "dir/c.yaml", "1"));
        String c2 = remote.commit("two", new java.util.HashMap<>(Map.of("a.yaml", "2", "dir/d.yaml", "new")) {{
            put("b.yaml", null);
        }});
        remote.pushBranch("main");

        assertThat(cache.changedPaths(remote.url(), c1, c2)).containsExactly("a.yaml", "b.yaml", "dir/d.yaml");
        assertThat(cache.changedPaths(remote.url(), c2, c1)).containsExactly("a.yaml", "b.yaml", "dir/d.yaml");
        assertThat(cache.changedPaths(remote.url(), c2, c2)).isEmpty();
    }

    @Test
    void isAncestorFollowsHistory() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        String c2 = remote.commit("two", "a.txt", "2");
        remote.pushBranch("main");

        assertThat(cache.isAncestor(remote.url(), c1, c2)).isTrue();
        assertThat(cache.isAncestor(remote.url(), c2, c1)).isFalse();
        assertThat(cache.isAncestor(remote.url(), c2, c2)).isTrue();
    }

    @Test
    void concurrentFetchesOfOneRepositoryCloneOnceAndBothSeeTheCommit() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");

        List<FetchResult> results = inParallel(2, () -> cache.fetch(remote.url()));
        assertThat(results.stream().filter(FetchResult::cloned).distinct()).hasSize(1);
        assertThat(cache.resolve(remote.url(), "main")).isEqualTo(c1);
        try (Stream<Path> mirrors = Files.list(tmp.resolve("cache/mirrors"))) {
            assertThat(mirrors).hasSize(1);
        }
    }

    @Test
    void manyConcurrentFetchesCoalesce() throws Exception {
        remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");
        cache.fetch(remote.url());

        List<FetchResult> results = inParallel(8, () -> cache.fetch(remote.url()));
        // At most one running and one queued fetch at a time: eight callers never cost eight fetches.
        assertThat(results.stream().distinct().count()).isLessThan(8);
    }

    @Test
    void spellingsOfOneRepositoryShareAMirrorAndDifferentRepositoriesDoNot() throws Exception {
        remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");
        try (TestRemote other = TestRemote.create(tmp.resolve("other"))) {
            other.commit("x", "x.txt", "x");
            other.pushBranch("main");

            cache.fetch(remote.url());
            assertThat(cache.fetch(remote.url().replaceAll("/$", "")).cloned()).isFalse();
            assertThat(cache.fetch(other.url()).cloned()).isTrue();
        }
        try (Stream<Path> mirrors = Files.list(tmp.resolve("cache/mirrors"))) {
            assertThat(mirrors).hasSize(2);
        }
    }

    @Test
    void aNewCacheOnTheSameRootReusesTheMirrors() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        remote.pushBranch("main");
        cache.fetch(remote.url());
        cache.close();

        try (RepositoryCache again = new RepositoryCache(tmp.resolve("cache"), Duration.ofSeconds(10))) {
            assertThat(again.resolve(remote.url(), "main")).isEqualTo(c1);
            assertThat(again.fetch(remote.url()).cloned()).isFalse();
        }
    }

    @Test
    void evictTreesKeepsTheMostRecentlyUsed() throws Exception {
        String c1 = remote.commit("one", "a.txt", "1");
        String c2 = remote.commit("two", "a.txt", "2");
        String c3 = remote.commit("three", "a.txt", "3");
        remote.pushBranch("main");

        Path t1 = cache.checkout(remote.url(), c1);
        Path t2 = cache.checkout(remote.url(), c2);
        Path t3 = cache.checkout(remote.url(), c3);
        java.time.Instant now = java.time.Instant.now();
        Files.setLastModifiedTime(t1, java.nio.file.attribute.FileTime.from(now.minusSeconds(120)));
        Files.setLastModifiedTime(t2, java.nio.file.attribute.FileTime.from(now.minusSeconds(60)));

        assertThat(cache.evictTrees(2, Duration.ofHours(1))).as("recently used trees are kept").isZero();
        assertThat(cache.evictTrees(2, Duration.ZERO)).isEqualTo(1);
        assertThat(t1).doesNotExist();
        assertThat(t2).exists();
        assertThat(t3).exists();
        assertThat(cache.checkout(remote.url(), c1)).as("written again on demand").isEqualTo(t1);
        assertThat(t1.resolve("a.txt")).hasContent("1");
    }

    private static <T> List<T> inParallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            List<T> out = new java.util.ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
