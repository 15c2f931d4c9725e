package dev.conveyor.git.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.conveyor.git.GitException;

/**
 * A request's edits applied to the files of one commit, in memory: the files are read from the object database and
 * the new tree and commit are written there too, never to a working tree, so concurrent writes and crashes cannot
 * leave half-edited files behind. Computing it has no effect on any branch.
 */
final class EditedTree {

    private record EditedFile(FileMode mode, String original, String edited) {
        boolean changed() {
            return !original.equals(edited);
        }
    }

    private final ObjectId base;
    private final ObjectId baseTree;
    private final Map<String, EditedFile> files;

    private EditedTree(ObjectId base, ObjectId baseTree, Map<String, EditedFile> files) {
        this.base = base;
        this.baseTree = baseTree;
        this.files = files;
    }

    /** Applies every change, in order, to the files of commit {@code base}. */
    static EditedTree of(Repository repo, ObjectId base, List<FileChange> changes) throws GitException, EditException {
        Map<String, EditedFile> files = new LinkedHashMap<>();
        ObjectId tree;
        try (RevWalk rw = new RevWalk(repo)) {
            RevCommit commit = rw.parseCommit(base);
            tree = commit.getTree();
            for (FileChange change : changes) {
                EditedFile file = files.get(change.path());
                if (file == null) {
                    file = read(repo, commit, change.path());
                }
                String edited = change.edit().apply(change.path(), file.edited());
                if (edited == null) {
                    throw new IllegalStateException(change.edit().describe() + " returned no content");
                }
                files.put(change.path(), new EditedFile(file.mode(), file.original(), edited));
            }
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL, "cannot read commit " + base.name() + ": "
                    + e.getMessage(), e);
        }
        return new EditedTree(base, tree, files);
    }

    private static EditedFile read(Repository repo, RevCommit commit, String path) throws IOException, EditException {
        try (TreeWalk tw = TreeWalk.forPath(repo, path, commit.getTree())) {
            if (tw == null) {
                throw new EditException(path, "no such file at " + commit.name());
            }
            FileMode mode = tw.getFileMode(0);
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                throw new EditException(path, "not a regular file at " + commit.name());
            }
            byte[] bytes = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(64 * 1024 * 1024);
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                return new EditedFile(mode, text, text);
            } catch (CharacterCodingException e) {
                throw new EditException(path, "not UTF-8 text at " + commit.name());
            }
        }
    }

    /** True when the edits change nothing: the commit already has them. */
    boolean unchanged() {
        return files.values().stream().noneMatch(EditedFile::changed);
    }

    /** Every edited file's content at the base commit, before the edit. */
    Map<String, String> originals() {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((path, f) -> out.put(path, f.original()));
        return out;
    }

    List<String> changedPaths() {
        List<String> paths = new ArrayList<>();
        files.forEach((path, f) -> {
            if (f.changed()) {
                paths.add(path);
            }
        });
        paths.sort(null);
        return paths;
    }

    /**
     * Writes the edited files, their tree and a commit on top of the base into the object database.
     *
     * @return the new commit, or null when the tree did not change after all
     */
    ObjectId commit(Repository repo, String message, PersonIdent author) throws GitException {
        try (ObjectInserter inserter = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
            DirCache index = DirCache.read(reader, baseTree);
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, EditedFile> e : files.entrySet()) {
                EditedFile f = e.getValue();
                if (!f.changed()) {
                    continue;
                }
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, f.edited().getBytes(StandardCharsets.UTF_8));
                editor.add(new DirCacheEditor.PathEdit(e.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(f.mode());
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            if (tree.equals(baseTree)) {
                return null;
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentId(base);
            commit.setAuthor(author);
            commit.setCommitter(new PersonIdent(author, Instant.now()));
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL, "cannot write the commit: " + e.getMessage(), e);
        }
    }
}
