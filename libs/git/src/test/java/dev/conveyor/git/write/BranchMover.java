package dev.conveyor.git.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A pre-receive hook that lands someone else's commit on the pushed branch before the push's own ref update, for
 * the first {@code times} pushes: the server-side race that a push with an expected old value must lose.
 */
final class BranchMover implements PreReceiveHook {

    static final PersonIdent SOMEONE_ELSE = new PersonIdent("Someone Else", "else@example.com");

    private final int times;
    private final AtomicInteger moved = new AtomicInteger();

    BranchMover(int times) {
        this.times = times;
    }

    int moved() {
        return moved.get();
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        for (ReceiveCommand cmd : commands) {
            if (moved.get() >= times) {
                return;
            }
            int n = moved.incrementAndGet();
            try {
                commitOnTop(rp.getRepository(), cmd.getRefName(), "external/" + n + ".txt", "external " + n + "\n",
                        "external change " + n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Adds one file in a new commit on {@code ref}, directly in the repository. */
    static ObjectId commitOnTop(Repository repo, String ref, String path, String content, String message)
            throws IOException {
        ObjectId head = repo.exactRef(ref).getObjectId();
        try (RevWalk rw = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter();
             ObjectReader reader = repo.newObjectReader()) {
            RevCommit parent = rw.parseCommit(head);
            DirCache index = DirCache.read(reader, parent.getTree());
            ObjectId blob = ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry ent) {
                    ent.setFileMode(FileMode.REGULAR_FILE);
                    ent.setObjectId(blob);
                }
            });
            editor.finish();
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            cb.setParentId(head);
            cb.setAuthor(SOMEONE_ELSE);
            cb.setCommitter(SOMEONE_ELSE);
            cb.setMessage(message);
            ObjectId commit = ins.insert(cb);
            ins.flush();
            RefUpdate u = repo.updateRef(ref);
            u.setExpectedOldObjectId(head);
            u.setNewObjectId(commit);
            RefUpdate.Result r = u.update();
            if (r != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("could not move " + ref + ": " + r);
            }
            return commit;
        }
    }
}
