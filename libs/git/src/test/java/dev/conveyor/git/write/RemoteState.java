package dev.conveyor.git.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads what a bare remote holds, straight from its object database: branch heads, files, history. */
final class RemoteState implements AutoCloseable {

    private final Repository repo;

    RemoteState(Path bare) throws IOException {
        this.repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
    }

    String head(String branch) throws IOException {
        Ref ref = repo.exactRef("refs/heads/" + branch);
        return ref == null ? null : ref.getObjectId().name();
    }

    /** The file at a commit, or null when it does not exist there. */
    String file(String commit, String path) throws IOException {
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
                return tw == null ? null
                        : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    RevCommit commit(String sha) throws IOException {
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit c = rw.parseCommit(ObjectId.fromString(sha));
            rw.parseBody(c);
            return c;
        }
    }

    /** Every commit reachable from the branch, newest first. */
    List<RevCommit> log(String branch) throws IOException {
        List<RevCommit> out = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo)) {
            rw.markStart(rw.parseCommit(ObjectId.fromString(head(branch))));
            for (RevCommit c : rw) {
                rw.parseBody(c);
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void close() {
        repo.close();
    }
}
