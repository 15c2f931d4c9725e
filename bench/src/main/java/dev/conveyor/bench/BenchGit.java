package dev.conveyor.bench;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real Git remote (bare repository, file:// URL) and a working clone the benchmark commits to. */
final class BenchGit {

    private final Path bare;
    private final Git git;
    private final Path work;

    BenchGit(Path root, String name) throws Exception {
        bare = Files.createDirectories(root.resolve(name + ".git"));
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        work = root.resolve(name + "-work");
        git = Git.cloneRepository().setURI(url()).setDirectory(work.toFile()).call();
        git.checkout().setOrphan(true).setName("main").call();
    }

    String url() {
        return bare.toUri().toString();
    }

    /** Writes the files, commits, pushes main; returns the commit sha. */
    String commit(String message, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        git.add().addFilepattern(".").call();
        String sha = git.commit().setMessage(message).setAuthor("Bench", "bench@example.com")
                .setCommitter("Bench", "bench@example.com").call().getName();
        git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).setForce(true).call();
        return sha;
    }
}
