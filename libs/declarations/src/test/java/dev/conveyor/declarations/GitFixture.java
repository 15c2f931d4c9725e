package dev.conveyor.declarations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/** A real bare repository (file:// URL) and a working clone that commits and pushes files to its main branch. */
final class GitFixture implements AutoCloseable {

    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

    private final Path bare;
    private final Path work;
    private final Git git;

    GitFixture(Path dir) throws Exception {
        bare = dir.resolve("remote.git");
        work = dir.resolve("work");
        Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call().close();
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        git.remoteAdd().setName("origin").setUri(new URIish(url())).call();
    }

    String url() {
        return bare.toUri().toString();
    }

    /** Writes the files (null deletes), commits, pushes main; returns the commit sha. */
    String push(Map<String, String> files) throws Exception {
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
        String sha = git.commit().setMessage("change").setAuthor(AUTHOR).setCommitter(AUTHOR).setAllowEmpty(true)
                .call().name();
        git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
        return sha;
    }

    @Override
    public void close() {
        git.close();
    }
}
