package dev.conveyor.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * A real bare repository reached by a {@code file://} URL, and a working clone that commits and pushes to it the way
 * a person would.
 */
public final class TestRemote implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

    private final Path bare;
    private final Path work;
    private final Git git;

    private TestRemote(Path bare, Path work, Git git) {
        this.bare = bare;
        this.work = work;
        this.git = git;
    }

    /** A new empty remote whose default branch is {@code defaultBranch}. */
    public static TestRemote create(Path dir, String defaultBranch) throws Exception {
        Path bare = dir.resolve("remote.git");
        Path work = dir.resolve("work");
        Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch(defaultBranch).call().close();
        Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(defaultBranch).call();
        git.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
        return new TestRemote(bare, work, git);
    }

    public static TestRemote create(Path dir) throws Exception {
        return create(dir, "main");
    }

    public String url() {
        return bare.toUri().toString();
    }

    public Path bareDir() {
        return bare;
    }

    public Path workDir() {
        return work;
    }

    /** Writes the files (a null content deletes the file), commits everything, returns the commit sha. */
    public String commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            if (f.getValue() == null) {
                Files.deleteIfExists(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
        }
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        RevCommit c = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setAllowEmpty(true).call();
        return c.name();
    }

    public String commit(String message, String file, String content) throws IOException, GitAPIException {
        return commit(message, Map.of(file, content));
    }

    /** Pushes refspecs (e.g. {@code refs/heads/main:refs/heads/main}, {@code +...} to force, {@code :refs/heads/x} to delete). */
    public void push(String... refSpecs) throws GitAPIException {
        for (PushResult r : git.push().setRemote("origin").setRefSpecs(
                java.util.Arrays.stream(refSpecs).map(org.eclipse.jgit.transport.RefSpec::new).toList()).call()) {
            for (RemoteRefUpdate u : r.getRemoteUpdates()) {
                if (u.getStatus() != RemoteRefUpdate.Status.OK && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new IllegalStateException("push of " + u.getRemoteName() + " failed: " + u.getStatus());
                }
            }
        }
    }

    public void pushBranch(String branch) throws GitAPIException {
        push("refs/heads/" + branch + ":refs/heads/" + branch);
    }

    public void checkoutNewBranch(String branch) throws GitAPIException {
        git.checkout().setCreateBranch(true).setName(branch).call();
    }

    public void checkoutBranch(String branch) throws GitAPIException {
        git.checkout().setName(branch).call();
    }

    public void resetHard(String sha) throws GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(sha).call();
    }

    /** Tags HEAD; annotated tags are tag objects whose own id differs from the commit's. */
    public void tag(String name, boolean annotated) throws GitAPIException {
        var cmd = git.tag().setName(name).setAnnotated(annotated);
        if (annotated) {
            cmd.setMessage("release " + name).setTagger(AUTHOR);
        }
        cmd.call();
        push("refs/tags/" + name + ":refs/tags/" + name);
    }

    @Override
    public void close() {
        git.close();
    }
}
