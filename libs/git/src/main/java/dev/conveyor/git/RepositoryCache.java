package dev.conveyor.git;

import dev.conveyor.events.RepositoryUrls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.jboss.logging.Logger;

/**
 * A local cache of remote Git repositories: one bare mirror per repository (all branches and tags), so that N
 * applications on one repository cost one fetch, plus immutable checked-out trees per commit.
 *
 * <h2>Layout</h2>
 * <pre>
 * root/mirrors/&lt;key&gt;          bare mirror, refs/heads/* and refs/tags/* exactly as on the remote
 * root/trees/&lt;key&gt;/&lt;sha&gt;     the files of one commit, written once and never changed
 * </pre>
 * {@code key} is derived from {@link RepositoryUrls#canonical(String)}, so {@code git@host:o/r.git} and
 * {@code https://host/o/r} share a mirror; the remote operations use the URL as the caller wrote it.
 *
 * <h2>Concurrency</h2>
 * Remote operations on one repository run one at a time; different repositories fetch in parallel. A caller of
 * {@link #fetch} always gets a fetch that <em>started after its call</em> (so a commit announced by a webhook just
 * before is seen), but callers that arrive while such a fetch is still waiting to start share it: however many
 * callers pile up, a repository sees at most one running and one queued fetch. Reads ({@link #resolve},
 * {@link #checkout}, {@link #changedPaths}, {@link #isAncestor}) do not wait for fetches.
 *
 * <h2>Timeouts</h2>
 * Every remote operation carries the configured timeout, which JGit applies to connecting and to each network read
 * or write (a transfer that keeps making progress is not cut off).
 */
public final class RepositoryCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RepositoryCache.class);

    private static final List<RefSpec> REFSPECS = List.of(
            new RefSpec("+refs/heads/*:refs/heads/*"),
            new RefSpec("+refs/tags/*:refs/tags/*"));
    private static final String TMP_PREFIX = ".tmp-";
    private static final String EVICTED_PREFIX = ".evicted-";
    private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

    private final Path mirrorsDir;
    private final Path treesDir;
    private final Duration remoteTimeout;
    private final CredentialsLookup credentials;
    private final ConcurrentHashMap<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RepositoryCache(Path root, Duration remoteTimeout) {
        this(root, remoteTimeout, CredentialsLookup.NONE);
    }

    /**
     * @param root          directory for mirrors and trees (created if missing; survives restarts)
     * @param remoteTimeout applied to every remote operation (rounded up to whole seconds, at least one)
     * @param credentials   HTTP(S) credentials per repository URL
     */
    public RepositoryCache(Path root, Duration remoteTimeout, CredentialsLookup credentials) {
        if (remoteTimeout == null || remoteTimeout.isNegative() || remoteTimeout.isZero()) {
            throw new IllegalArgumentException("remoteTimeout must be positive");
        }
        this.mirrorsDir = root.resolve("mirrors");
        this.treesDir = root.resolve("trees");
        this.remoteTimeout = remoteTimeout;
        this.credentials = credentials == null ? CredentialsLookup.NONE : credentials;
        try {
            Files.createDirectories(mirrorsDir);
            Files.createDirectories(treesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the repository cache under " + root, e);
        }
        removeStaleTemporaries();
    }

    /**
     * Brings the mirror of {@code url} up to date with the remote: clones it on first use, fetches otherwise.
     * Branches and tags that moved (including force pushes) are updated, deleted ones are removed, and the remote's
     * default branch becomes the mirror's {@code HEAD}.
     */
    public FetchResult fetch(String url) throws GitException {
        Mirror m = mirror(url);
        CompletableFuture<FetchResult> mine;
        boolean runIt = false;
        synchronized (m) {
            if (m.queued == null) {
                m.queued = new CompletableFuture<>();
                runIt = true;
            }
            mine = m.queued;
        }
        if (runIt) {
            m.remoteLock.lock();
            try {
                synchronized (m) {
                    // From now on this fetch is running: later callers queue the next one.
                    m.queued = null;
                }
                mine.complete(doFetch(m, url));
            } catch (GitException e) {
                mine.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                m.remoteLock.unlock();
            }
        }
        try {
            return mine.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException(GitException.Reason.INTERRUPTED, "interrupted while fetching " + m.canonical);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GitException g) {
                throw g;
            }
            throw new GitException(GitException.Reason.LOCAL, "fetching " + m.canonical + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /**
     * The commit a revision names, as a 40-character sha, read from the local mirror: {@code HEAD} (the remote's
     * default branch), a branch, a tag (annotated tags are peeled to their commit), full ref names
     * ({@code refs/heads/x}, {@code refs/tags/x}), or a full or abbreviated commit sha. A name that is both a branch
     * and a tag resolves to the branch. Fetches first when the mirror does not exist yet or the revision is not
     * known locally; call {@link #fetch} first to see a branch's newest commit.
     *
     * @throws GitException with {@link GitException.Reason#UNKNOWN_REVISION} when the revision does not exist after
     *                      a fetch, or an abbreviated sha is ambiguous
     */
    public String resolve(String url, String revision) throws GitException {
        String rev = revision == null || revision.isBlank() ? Constants.HEAD : revision.trim();
        if (!Revisions.isValid(rev)) {
            throw new GitException(GitException.Reason.INVALID_ARGUMENT, "not a valid revision: '" + rev + "'");
        }
        Mirror m = mirror(url);
        Repository repo = open(m);
        if (repo != null) {
            String sha = lookup(m, repo, rev);
            if (sha != null) {
                return sha;
            }
        }
        fetch(url);
        String sha = lookup(m, requireOpen(m), rev);
        if (sha == null) {
            throw new GitException(GitException.Reason.UNKNOWN_REVISION, rev.equals(Constants.HEAD)
                    ? "the default branch of " + m.canonical + " is unknown (empty repository?)"
                    : "revision '" + rev + "' not found in " + m.canonical);
        }
        return sha;
    }

    /**
     * The files of one commit, in a directory that is written once (to a temporary directory, then moved into place
     * atomically) and reused by every later call: do not modify it. Symbolic links that point outside the tree are
     * left out; submodules are empty directories.
     *
     * @param sha a commit sha (anything {@link #resolve} accepts works, but the tree is always the resolved commit's)
     * @return the directory, whose name is the full commit sha
     */
    public Path checkout(String url, String sha) throws GitException {
        String commit = resolve(url, sha);
        Mirror m = mirror(url);
        Path dir = m.trees.resolve(commit);
        if (Files.isDirectory(dir)) {
            touch(dir);
            return dir;
        }
        Repository repo = requireOpen(m);
        Path tmp = m.trees.resolve(TMP_PREFIX + commit + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(m.trees);
            Files.createDirectory(tmp);
            writeTree(repo, commit, tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                // Another thread materialised the same commit first; its tree is identical.
                deleteRecursively(tmp);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot check out " + commit + " of " + m.canonical + ": " + e.getMessage(), e);
        }
        touch(dir);
        return dir;
    }

    /**
     * Paths (relative, {@code /}-separated) of files added, modified or deleted between two commits; a rename shows
     * as both paths. The order of the two commits does not change the answer.
     */
    public Set<String> changedPaths(String url, String fromSha, String toSha) throws GitException {
        String from = resolve(url, fromSha);
        String to = resolve(url, toSha);
        Mirror m = mirror(url);
        Repository repo = requireOpen(m);
        TreeSet<String> paths = new TreeSet<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            tw.addTree(rw.parseCommit(ObjectId.fromString(from)).getTree());
            tw.addTree(rw.parseCommit(ObjectId.fromString(to)).getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                paths.add(tw.getPathString());
            }
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot compare " + from + " and " + to + " in " + m.canonical + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableSortedSet(paths);
    }

    /** Whether {@code ancestorSha} is reachable from {@code sha} (a commit is its own ancestor). */
    public boolean isAncestor(String url, String ancestorSha, String sha) throws GitException {
        String ancestor = resolve(url, ancestorSha);
        String descendant = resolve(url, sha);
        Mirror m = mirror(url);
        try (RevWalk rw = new RevWalk(requireOpen(m))) {
            return rw.isMergedInto(rw.parseCommit(ObjectId.fromString(ancestor)),
                    rw.parseCommit(ObjectId.fromString(descendant)));
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot walk the history of " + m.canonical + ": " + e.getMessage(), e);
        }
    }

    /**
     * Bounds the disk used by checked-out trees: keeps the {@code keepMostRecent} most recently used trees (over all
     * repositories) and deletes the others that have not been used for at least {@code unusedFor}. A directory
     * returned by {@link #checkout} stays intact while it is younger than {@code unusedFor}; set it well above the
     * longest time a caller works in a tree. A later checkout of an evicted commit writes it again.
     *
     * @return how many trees were deleted
     */
    public int evictTrees(int keepMostRecent, Duration unusedFor) throws GitException {
        if (keepMostRecent < 0) {
            throw new IllegalArgumentException("keepMostRecent must not be negative");
        }
        record Tree(Path dir, FileTime used) {
        }
        List<Tree> trees = new ArrayList<>();
        try (Stream<Path> repos = Files.list(treesDir)) {
            for (Path repoTrees : repos.filter(Files::isDirectory).toList()) {
                try (Stream<Path> commits = Files.list(repoTrees)) {
                    for (Path dir : commits.toList()) {
                        String name = dir.getFileName().toString();
                        if (Revisions.isFullSha(name) && Files.isDirectory(dir)) {
                            trees.add(new Tree(dir, Files.getLastModifiedTime(dir)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL, "cannot list trees under " + treesDir, e);
        }
        trees.sort(Comparator.comparing(Tree::used).reversed());
        Instant cutoff = Instant.now().minus(unusedFor);
        int evicted = 0;
        for (Tree t : trees.subList(Math.min(keepMostRecent, trees.size()), trees.size())) {
            if (t.used().toInstant().isAfter(cutoff)) {
                continue;
            }
            Path trash = t.dir().resolveSibling(EVICTED_PREFIX + t.dir().getFileName() + "-" + UUID.randomUUID());
            try {
                Files.move(t.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(trash);
                evicted++;
            } catch (IOException e) {
                LOG.warnf("cannot evict tree %s: %s", t.dir(), e.getMessage());
            }
        }
        return evicted;
    }

    /** Closes the mirrors' repositories. Directories stay on disk and are reused by the next cache on this root. */
    @Override
    public void close() {
        closed = true;
        for (Mirror m : mirrors.values()) {
            synchronized (m) {
                if (m.repository != null) {
                    m.repository.close();
                    m.repository = null;
                }
            }
        }
    }

    // ---- remote operations -------------------------------------------------------------------------------------

    /** Runs under {@code m.remoteLock}. */
    private FetchResult doFetch(Mirror m, String url) throws GitException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Optional<Credentials> creds = credentials.lookup(url);
        List<String> secrets = secretsOf(url, creds);
        Repository existing = open(m);
        boolean cloning = existing == null;
        Path tmp = mirrorsDir.resolve(TMP_PREFIX + m.key + "-" + UUID.randomUUID());
        Repository repo = existing;
        try {
            if (cloning) {
                repo = initBare(tmp, m);
            }
            org.eclipse.jgit.transport.FetchResult result;
            try (Git git = Git.wrap(repo)) {
                var cmd = git.fetch()
                        .setRemote(url)
                        .setRefSpecs(REFSPECS)
                        .setForceUpdate(true)
                        .setRemoveDeletedRefs(true)
                        .setTagOpt(TagOpt.NO_TAGS)
                        .setTimeout(timeoutSeconds());
                creds.ifPresent(c -> cmd.setCredentialsProvider(
                        new UsernamePasswordCredentialsProvider(c.username(), c.secret())));
                result = cmd.call();
            } catch (GitAPIException | RuntimeException e) {
                throw remoteFailure(cloning ? "clone" : "fetch", url, e, secrets);
            }
            updateHead(repo, result);
            List<String> updated = result.getTrackingRefUpdates().stream()
                    .filter(u -> u.getResult() != RefUpdate.Result.NO_CHANGE)
                    .map(TrackingRefUpdate::getLocalName)
                    .sorted()
                    .toList();
            if (cloning) {
                repo.close();
                repo = null;
                Files.move(tmp, m.dir, StandardCopyOption.ATOMIC_MOVE);
                requireOpen(m);
            } else {
                autoGc(m, repo);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.debugf("%s %s in %d ms, %d refs updated", cloning ? "cloned" : "fetched", m.canonical,
                    took.toMillis(), updated.size());
            return new FetchResult(m.canonical, cloning, updated, started, took);
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot update the mirror of " + m.canonical + ": " + e.getMessage(), e, secrets);
        } finally {
            if (cloning) {
                if (repo != null) {
                    repo.close();
                }
                deleteQuietly(tmp);
            }
        }
    }

    private Repository initBare(Path dir, Mirror m) throws IOException {
        try (Git git = Git.init().setBare(true).setGitDir(dir.toFile()).call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("conveyor", null, "repository", m.canonical);
            // Housekeeping runs in the fetching thread, under the repository's lock, not in a detached thread.
            config.setBoolean("gc", null, "autoDetach", false);
            config.save();
        } catch (GitAPIException e) {
            throw new IOException("cannot create a mirror in " + dir + ": " + e.getMessage(), e);
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    /** Points the mirror's HEAD at the remote's default branch, as the remote advertised it. */
    private static void updateHead(Repository repo, org.eclipse.jgit.transport.FetchResult result) throws IOException {
        String target = null;
        Ref advertised = result.getAdvertisedRef(Constants.HEAD);
        if (advertised != null && advertised.isSymbolic()) {
            target = advertised.getTarget().getName();
        } else if (advertised != null && advertised.getObjectId() != null) {
            // No symref capability: pick the branch at HEAD's commit, preferring the usual default names.
            ObjectId id = advertised.getObjectId();
            List<String> candidates = result.getAdvertisedRefs().stream()
                    .filter(r -> r.getName().startsWith(Constants.R_HEADS) && id.equals(r.getObjectId()))
                    .map(Ref::getName)
                    .sorted()
                    .toList();
            target = candidates.contains("refs/heads/main") ? "refs/heads/main"
                    : candidates.contains("refs/heads/master") ? "refs/heads/master"
                    : candidates.isEmpty() ? null : candidates.get(0);
        }
        if (target == null || repo.exactRef(target) == null) {
            return;
        }
        Ref current = repo.exactRef(Constants.HEAD);
        if (current != null && current.isSymbolic() && current.getTarget().getName().equals(target)) {
            return;
        }
        RefUpdate u = repo.updateRef(Constants.HEAD);
        u.disableRefLog();
        RefUpdate.Result r = u.link(target);
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot point HEAD at " + target + ": " + r);
        }
    }

    private static void autoGc(Mirror m, Repository repo) {
        try {
            repo.autoGC(NullProgressMonitor.INSTANCE);
        } catch (RuntimeException e) {
            LOG.warnf("housekeeping of %s failed (the mirror stays usable): %s", m.canonical, e.getMessage());
        }
    }

    private int timeoutSeconds() {
        long seconds = (remoteTimeout.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static List<String> secretsOf(String url, Optional<Credentials> creds) {
        List<String> secrets = new ArrayList<>();
        creds.ifPresent(c -> secrets.add(c.secret()));
        try {
            String pass = new URIish(url).getPass();
            if (pass != null) {
                secrets.add(pass);
            }
        } catch (java.net.URISyntaxException e) {
            // Not a URL JGit understands: the fetch will fail and say so; userinfo is masked by pattern anyway.
        }
        return secrets;
    }

    private static GitException remoteFailure(String operation, String url, Exception e, Collection<String> secrets) {
        GitException.Reason reason = classify(e);
        String detail = e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && (detail == null || !detail.contains(c.getMessage()))) {
                detail = (detail == null ? "" : detail + ": ") + c.getMessage();
            }
        }
        return new GitException(reason, operation + " " + url + " failed"
                + (reason == GitException.Reason.TIMEOUT ? " (timeout)" : "") + ": " + detail, e, secrets);
    }

    private static GitException.Reason classify(Throwable e) {
        return LocalGit.classify(e);
    }

    // ---- local reads -------------------------------------------------------------------------------------------

    /** The commit a revision names in the mirror as it is, or null if it is not there. */
    private static String lookup(Mirror m, Repository repo, String rev) throws GitException {
        try {
            if (rev.equals(Constants.HEAD)) {
                Ref head = repo.exactRef(Constants.HEAD);
                return head == null || head.getObjectId() == null ? null : peel(repo, head.getObjectId(), rev);
            }
            List<String> names = rev.startsWith(Constants.R_REFS)
                    ? List.of(rev)
                    : List.of(Constants.R_HEADS + rev, Constants.R_TAGS + rev);
            for (String name : names) {
                Ref ref = repo.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    return peel(repo, ref.getObjectId(), rev);
                }
            }
            if (!Revisions.looksLikeSha(rev)) {
                return null;
            }
            if (Revisions.isFullSha(rev)) {
                ObjectId id = ObjectId.fromString(rev);
                return repo.getObjectDatabase().has(id) ? peel(repo, id, rev) : null;
            }
            try (ObjectReader reader = repo.newObjectReader()) {
                Collection<ObjectId> ids = reader.resolve(AbbreviatedObjectId.fromString(rev));
                List<String> commits = new ArrayList<>();
                for (ObjectId id : ids) {
                    int type = reader.open(id).getType();
                    if (type == Constants.OBJ_COMMIT || type == Constants.OBJ_TAG) {
                        commits.add(peel(repo, id, rev));
                    }
                }
                List<String> distinct = commits.stream().distinct().toList();
                if (distinct.size() > 1) {
                    throw new GitException(GitException.Reason.UNKNOWN_REVISION, "abbreviated sha '" + rev
                            + "' is ambiguous in " + m.canonical + " (" + distinct.size() + " commits)");
                }
                return distinct.isEmpty() ? null : distinct.get(0);
            }
        } catch (IOException e) {
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot read revision '" + rev + "' of " + m.canonical + ": " + e.getMessage(), e);
        }
    }

    private static String peel(Repository repo, ObjectId id, String rev) throws IOException, GitException {
        try (RevWalk rw = new RevWalk(repo)) {
            return rw.parseCommit(id).name();
        } catch (IncorrectObjectTypeException e) {
            throw new GitException(GitException.Reason.INVALID_ARGUMENT,
                    "revision '" + rev + "' does not name a commit");
        } catch (MissingObjectException e) {
            return null;
        }
    }

    private static void writeTree(Repository repo, String commit, Path into) throws IOException {
        record Link(Path at, String target, String path) {
        }
        List<Link> links = new ArrayList<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo)) {
            RevCommit c = rw.parseCommit(ObjectId.fromString(commit));
            tw.addTree(c.getTree());
            tw.setRecursive(true);
            ObjectReader reader = tw.getObjectReader();
            while (tw.next()) {
                String path = tw.getPathString();
                Path target = into.resolve(path).normalize();
                if (!target.startsWith(into) || target.equals(into)) {
                    throw new IOException("unsafe path in tree: " + path);
                }
                Files.createDirectories(target.getParent());
                FileMode mode = tw.getFileMode(0);
                if (mode == FileMode.GITLINK) {
                    Files.createDirectories(target);
                    continue;
                }
                ObjectLoader loader = reader.open(tw.getObjectId(0));
                if (mode == FileMode.SYMLINK) {
                    links.add(new Link(target, new String(loader.getCachedBytes(), StandardCharsets.UTF_8), path));
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    loader.copyTo(out);
                }
                if (mode == FileMode.EXECUTABLE_FILE) {
                    makeExecutable(target);
                }
            }
        }
        for (Link link : links) {
            Path linkTarget;
            try {
                linkTarget = Path.of(link.target());
            } catch (java.nio.file.InvalidPathException e) {
                LOG.warnf("commit %s: symbolic link %s has an unusable target; left out", commit, link.path());
                continue;
            }
            Path resolved = link.at().getParent().resolve(linkTarget).normalize();
            if (linkTarget.isAbsolute() || !resolved.startsWith(into)) {
                LOG.warnf("commit %s: symbolic link %s -> %s points outside the repository; left out", commit,
                        link.path(), link.target());
                continue;
            }
            Files.createSymbolicLink(link.at(), linkTarget);
        }
    }

    private static void makeExecutable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException | IOException e) {
            file.toFile().setExecutable(true, false);
        }
    }

    // ---- mirrors -----------------------------------------------------------------------------------------------

    private Mirror mirror(String url) throws GitException {
        if (closed) {
            throw new IllegalStateException("the repository cache is closed");
        }
        String canonical;
        try {
            canonical = RepositoryUrls.canonical(url);
        } catch (IllegalArgumentException e) {
            throw new GitException(GitException.Reason.INVALID_ARGUMENT, e.getMessage());
        }
        return mirrors.computeIfAbsent(canonical, c -> {
            String key = key(c);
            return new Mirror(c, key, mirrorsDir.resolve(key), treesDir.resolve(key));
        });
    }

    /** The mirror's repository, opening it from disk when a previous process left it there; null if none. */
    private Repository open(Mirror m) throws GitException {
        synchronized (m) {
            if (m.repository != null) {
                return m.repository;
            }
            if (!Files.isDirectory(m.dir)) {
                return null;
            }
            try {
                m.repository = new FileRepositoryBuilder().setGitDir(m.dir.toFile()).setMustExist(true).build();
                return m.repository;
            } catch (IOException | IllegalArgumentException e) {
                if (!m.remoteLock.isHeldByCurrentThread()) {
                    throw new GitException(GitException.Reason.LOCAL,
                            "the mirror of " + m.canonical + " is unreadable: " + e.getMessage(), e);
                }
                // Under the remote lock (about to fetch): replace the broken mirror with a fresh clone.
                LOG.warnf("the mirror of %s in %s is unreadable (%s); cloning again", m.canonical, m.dir,
                        e.getMessage());
                deleteQuietly(m.dir);
                return null;
            }
        }
    }

    private Repository requireOpen(Mirror m) throws GitException {
        Repository repo = open(m);
        if (repo == null) {
            throw new GitException(GitException.Reason.LOCAL, "the mirror of " + m.canonical + " is missing");
        }
        return repo;
    }
    static String key(String canonical) {
        return LocalGit.key(canonical);
    }

    private static final class Mirror {
        final String canonical;
        final String key;
        final Path dir;
        final Path trees;
        /** Serialises remote operations on this repository. */
        final ReentrantLock remoteLock = new ReentrantLock();
        /** The fetch that callers can still join because it has not started; guarded by {@code this}. */
        CompletableFuture<FetchResult> queued;
        /** Guarded by {@code this}. */
        Repository repository;

        Mirror(String canonical, String key, Path dir, Path trees) {
            this.canonical = canonical;
            this.key = key;
            this.dir = dir;
            this.trees = trees;
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    private static void touch(Path dir) {
        try {
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debugf("cannot record the use of %s: %s", dir, e.getMessage());
        }
    }

    /** Leftovers of a process that stopped mid-clone or mid-checkout. */
    private void removeStaleTemporaries() {
        Instant cutoff = Instant.now().minus(STALE_TEMP_AGE);
        List<Path> parents = new ArrayList<>(List.of(mirrorsDir));
        try (Stream<Path> repos = Files.list(treesDir)) {
            repos.filter(Files::isDirectory).forEach(parents::add);
        } catch (IOException e) {
            return;
        }
        for (Path parent : parents) {
            try (Stream<Path> children = Files.list(parent)) {
                for (Path p : children.toList()) {
                    String name = p.getFileName().toString();
                    if ((name.startsWith(TMP_PREFIX) || name.startsWith(EVICTED_PREFIX))
                            && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        deleteQuietly(p);
                    }
                }
            } catch (IOException e) {
                LOG.debugf("cannot clean %s: %s", parent, e.getMessage());
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", path, e.getMessage());
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        LocalGit.deleteRecursively(path);
    }

    @Override
    public String toString() {
        return "RepositoryCache[" + mirrorsDir.getParent() + ", " + mirrors.size() + " repositories]";
    }
}
