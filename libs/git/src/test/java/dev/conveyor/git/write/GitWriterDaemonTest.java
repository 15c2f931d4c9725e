package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.conveyor.git.GitException;
import dev.conveyor.git.TestRemote;

/**
 * GitWriter against a network remote (JGit's daemon, {@code git://127.0.0.1}) whose pre-receive hook lands another
 * commit on the branch after the push's ref advertisement: the race is lost on the server, not seen by the client
 * beforehand, and must still be retried.
 */
@Timeout(120)
class GitWriterDaemonTest {

    @TempDir
    Path tmp;

    TestRemote remote;
    RemoteState state;
    DaemonRemote daemon;
    BranchMover mover;
    List<GitWriter> writers = new ArrayList<>();
    List<String> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        remote = TestRemote.create(tmp.resolve("remote"));
        remote.commit("initial", Map.of("values.yaml", GitWriterTest.VALUES));
        remote.pushBranch("main");
        state = new RemoteState(remote.bareDir());
    }

    @AfterEach
    void tearDown() throws Exception {
        writers.forEach(GitWriter::close);
        if (daemon != null) {
            daemon.close();
        }
        state.close();
        remote.close();
    }

    void serve(int moves) throws Exception {
        mover = new BranchMover(moves);
        daemon = new DaemonRemote(remote.bareDir(), mover);
    }

    WriteResult write(String tag) throws Exception {
        WriteListener recordConflicts = new WriteListener() {
            @Override
            public void conflicted(String repository, String branch, int attempt, String detail) {
                conflicts.add(detail);
            }
        };
        GitWriter writer = new GitWriter(tmp.resolve("w"), Duration.ofSeconds(20), null, GitWriterTest.FAST_RETRY,
                recordConflicts);
        writers.add(writer);
        ImageVersion v = ImageVersion.ofTag("registry.example/team/app", tag);
        return writer.write(new WriteRequest(daemon.url(), "main", List.of(
                new FileChange("values.yaml", ImageEdits.helmValues("image.repository", "image.tag", null, v))),
                "app " + tag, GitWriterTest.BOT));
    }

    @Test
    void writesOverTheNetwork() throws Exception {
        serve(0);
        WriteResult result = write("1.2.0");

        assertThat(result.committed()).isTrue();
        assertThat(result.conflicts()).isZero();
        assertThat(state.head("main")).isEqualTo(result.commitSha());
        assertThat(state.file(result.commitSha(), "values.yaml"))
                .isEqualTo(GitWriterTest.VALUES.replace("\"1.0.0\"", "\"1.2.0\""));
    }

    @Test
    void aPushThatLosesTheRaceOnTheServerIsRetriedOnTheNewHead() throws Exception {
        serve(2);
        WriteResult result = write("1.2.0");

        assertThat(result.committed()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.conflicts()).isEqualTo(2);
        // Rejected by the server's ref update, not by the client's comparison with the advertisement.
        assertThat(conflicts).hasSize(2).allSatisfy(d -> assertThat(d).startsWith("rejected by the remote"));
        assertThat(state.log("main")).extracting(RevCommit::getShortMessage)
                .containsExactly("app 1.2.0", "external change 2", "external change 1", "initial");
        assertThat(state.file(result.commitSha(), "external/1.txt")).isEqualTo("external 1\n");
        assertThat(state.file(result.commitSha(), "external/2.txt")).isEqualTo("external 2\n");
    }

    @Test
    void givesUpWhenTheBranchMovesOnEveryPush() throws Exception {
        serve(Integer.MAX_VALUE);

        assertThatThrownBy(() -> write("1.2.0"))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.getMessage())
                        .contains("gave up writing to main", "after 3 attempts"));
        assertThat(mover.moved()).isEqualTo(3);
        assertThat(state.log("main")).extracting(RevCommit::getShortMessage).doesNotContain("app 1.2.0");
    }
}
