package dev.conveyor.testing.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Git remote (a bare repository on disk, reached through a file:// URL) and a working clone that tests commit
 * and push to, exactly as a developer would.
 */
public final class GitFixture {

    private final Path bare;
    private final Path work;
    private final Git git;

    public GitFixture(Path root, String name) {
        try {
            bare = Files.createDirectories(root.resolve(name + ".git"));
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            work = root.resolve(name + "-work");
            git = Git.cloneRepository().setURI(url()).setDirectory(work.toFile()).call();
            git.checkout().setOrphan(true).setName("main").call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create Git fixture " + name, e);
        }
    }

    public String url() {
        return bare.toUri().toString();
    }

    public Path workTree() {
        return work;
    }

    /**
     * Writes (or, with a null content, deletes) files on top of the remote's main, commits them, pushes main, and returns
     * the new commit sha.
     */
    public synchronized String commit(String message, Map<String, String> files) {
        try {
            // Start from what the remote has now: services under test push to these remotes too.
            git.fetch().setRemote("origin").call();
            if (git.getRepository().resolve("refs/remotes/origin/main") != null) {
                git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/main").call();
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = work.resolve(f.getKey());
                if (f.getValue() == null) {
                    Files.deleteIfExists(p);
                    git.rm().addFilepattern(f.getKey()).call();
                } else {
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                    git.add().addFilepattern(f.getKey()).call();
                }
            }
            RevCommit c = git.commit().setMessage(message).setAuthor("Test Dev", "dev@example.com")
                    .setCommitter("Test Dev", "dev@example.com").call();
            git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).setForce(true).call();
            return c.getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String head() {
        try {
            return git.getRepository().resolve(Constants.HEAD).getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sha the remote's {@code branch} points at (what other writers pushed included). */
    public String remoteHead(String branch) {
        try (Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile()).build()) {
            ObjectId id = repo.resolve("refs/heads/" + branch);
            return id == null ? null : id.getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's content at the remote's {@code branch}, or null when it does not exist there. */
    public String readRemote(String branch, String path) {
        try (Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile()).build();
             RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve("refs/heads/" + branch);
            if (head == null) return null;
            try (TreeWalk tw = TreeWalk.forPath(repo, path, walk.parseCommit(head).getTree())) {
                return tw == null ? null : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commit messages on the remote's {@code branch}, newest first. */
    public List<String> remoteLog(String branch) {
        try (Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(bare.toFile()).build();
             RevWalk walk = new RevWalk(repo)) {
            List<String> out = new ArrayList<>();
            walk.markStart(walk.parseCommit(repo.resolve("refs/heads/" + branch)));
            for (RevCommit c : walk) out.add(c.getFullMessage());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
