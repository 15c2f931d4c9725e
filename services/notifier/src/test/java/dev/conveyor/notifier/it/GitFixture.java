package dev.conveyor.notifier.it;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
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

    /** Writes (or, with a null content, deletes) files, commits them, pushes main, and returns the new commit sha. */
    public synchronized String commit(String message, Map<String, String> files) {
        try {
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
}
