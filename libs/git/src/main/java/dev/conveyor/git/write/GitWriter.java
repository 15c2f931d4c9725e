package dev.conveyor.git.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.Credentials;
import dev.conveyor.git.CredentialsLookup;
import dev.conveyor.git.GitException;

/**
 * Writes edits back to a Git branch as one commit, without losing an update when writers collide and without empty
 * or duplicate commits.
 *
 * <h2>One write</h2>
 * Each attempt fetches the branch, applies the edits to the files of the fetched head in memory, and stops with
 * {@link WriteResult.Status#ALREADY_UP_TO_DATE} when they change nothing (so a redelivered or restarted update makes
 * no commit). Otherwise it writes tree and commit into the object database of a bare clone (no working tree) and
 * pushes with the fetched head as the expected old value. When the remote rejects the push because the branch moved
 * (another replica, another tool, a person), it waits (exponential backoff, full jitter) and starts over from the
 * fetch: the edits are applied again to the new head, so nobody's change is overwritten. After
 * {@link RetryPolicy#maxAttempts()} rejections it gives up with a {@link GitException} that says so.
 *
 * <h2>Concurrency</h2>
 * Writes to the same repository and branch through the same work root are serialised in this JVM, so one process
 * does not collide with itself; other branches and repositories proceed in parallel. Use one {@code GitWriter} (one
 * work root) per process; separate processes or replicas are handled by the push retry.
 *
 * <h2>Failures</h2>
 * {@link EditException} is terminal (missing file, missing marker, invalid YAML). {@link GitException} says whether
 * retrying later can help; a missing branch is {@link GitException.Reason#UNKNOWN_REVISION} (branches are never
 * created). Every remote call has the configured timeout; secrets never appear in messages.
 *
 * <h2>Layout</h2>
 * {@code workRoot/writes/<key>} is the bare clone of a repository, {@code key} derived from
 * {@link RepositoryUrls#canonical(String)} the way {@code RepositoryCache} derives its mirrors' names.
 */
public final class GitWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitWriter.class);

    /** Branch locks of every writer in this JVM, by work root, repository and branch. */
    private static final ConcurrentHashMap<String, ReentrantLock> BRANCH_LOCKS = new ConcurrentHashMap<>();

    private final Path clonesDir;
    private final int timeoutSeconds;
    private final CredentialsLookup credentials;
    private final RetryPolicy retry;
    private final WriteListener listener;
    private final ConcurrentHashMap<String, WriteClone> clones = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public GitWriter(Path workRoot, Duration remoteTimeout, CredentialsLookup credentials, RetryPolicy retry) {
        this(workRoot, remoteTimeout, credentials, retry, WriteListener.NONE);
    }

    /**
     * @param workRoot      directory for the bare clones (created if missing; survives restarts)
     * @param remoteTimeout applied to every fetch and push (rounded up to whole seconds, at least one)
     * @param credentials   HTTP(S) credentials per repository URL, looked up at every remote call
     * @param retry         attempts and backoff when pushes are rejected because the branch moved
     * @param listener      told about attempts and conflicts, e.g. to count them
     */
    public GitWriter(Path workRoot, Duration remoteTimeout, CredentialsLookup credentials, RetryPolicy retry,
                     WriteListener listener) {
        if (remoteTimeout == null || remoteTimeout.isNegative() || remoteTimeout.isZero()) {
            throw new IllegalArgumentException("remoteTimeout must be positive");
        }
        this.clonesDir = workRoot.toAbsolutePath().normalize().resolve("writes");
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (remoteTimeout.toMillis() + 999) / 1000));
        this.credentials = credentials == null ? CredentialsLookup.NONE : credentials;
        this.retry = retry == null ? RetryPolicy.defaults() : retry;
        this.listener = listener == null ? WriteListener.NONE : listener;
        try {
            Files.createDirectories(clonesDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + clonesDir, e);
        }
    }

    /**
     * Makes the request's edits on its branch as one commit, or finds them already there.
     *
     * @throws EditException when an edit cannot be made (terminal)
     * @throws GitException  when Git fails, or every attempt's push was rejected because the branch kept moving
     */
    public WriteResult write(WriteRequest request) throws GitException, EditException {
        if (closed) {
            throw new IllegalStateException("the writer is closed");
        }
        String repository = canonical(request.repositoryUrl());
        WriteClone clone = clone(repository);
        ReentrantLock lock = BRANCH_LOCKS.computeIfAbsent(clonesDir + "|" + repository + "|" + request.ref(),
                k -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException(GitException.Reason.INTERRUPTED, "interrupted while waiting to write to "
                    + request.branch() + " of " + repository);
        }
        try {
            WriteResult result = writeLocked(request, repository, clone);
            notify(() -> listener.finished(repository, request.branch(), result));
            return result;
        } catch (GitException | EditException | RuntimeException e) {
            notify(() -> listener.failed(repository, request.branch(), e));
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private WriteResult writeLocked(WriteRequest request, String repository, WriteClone clone)
            throws GitException, EditException {
        String url = request.repositoryUrl();
        String branch = request.branch();
        int conflicts = 0;
        for (int attempt = 1; ; attempt++) {
            int n = attempt;
            notify(() -> listener.attemptStarted(repository, branch, n));
            Optional<Credentials> creds = credentials.lookup(url);
            List<String> secrets = RemoteFailures.secretsOf(url, creds);

            ObjectId head = clone.fetch(url, request.ref(), creds, timeoutSeconds, secrets);
            EditedTree edited = EditedTree.of(clone.repository(), head, request.changes());
            ObjectId commit = edited.unchanged() ? null
                    : edited.commit(clone.repository(), request.messageOver(edited.originals()), request.author());
            if (commit == null) {
                LOG.debugf("%s %s: already up to date at %s", repository, branch, head.name());
                return new WriteResult(WriteResult.Status.ALREADY_UP_TO_DATE, head.name(), head.name(), attempt,
                        conflicts, List.of());
            }

            notify(() -> listener.pushing(repository, branch, n, head.name(), commit.name()));
            WriteClone.Pushed pushed = clone.push(url, request.ref(), head, commit, creds, timeoutSeconds, secrets);
            if (pushed.accepted()) {
                LOG.debugf("%s %s: pushed %s over %s (attempt %d)", repository, branch, commit.name(), head.name(),
                        attempt);
                clone.housekeeping();
                return new WriteResult(WriteResult.Status.COMMITTED, commit.name(), head.name(), attempt, conflicts,
                        edited.changedPaths());
            }

            conflicts++;
            notify(() -> listener.conflicted(repository, branch, n, pushed.rejection()));
            if (attempt >= retry.maxAttempts()) {
                throw new GitException(GitException.Reason.REMOTE, "gave up writing to " + branch + " of "
                        + repository + " after " + attempt + " attempts: every push was rejected because the branch"
                        + " moved in the meantime (last: " + pushed.rejection() + ")", null, secrets);
            }
            Duration wait = retry.backoff(conflicts, ThreadLocalRandom.current());
            LOG.debugf("%s %s: push rejected (%s); retrying in %d ms", repository, branch, pushed.rejection(),
                    wait.toMillis());
            sleep(wait, repository, branch);
        }
    }

    private WriteClone clone(String repository) throws GitException {
        WriteClone existing = clones.get(repository);
        if (existing != null) {
            return existing;
        }
        synchronized (clones) {
            existing = clones.get(repository);
            if (existing == null) {
                existing = WriteClone.open(repository, clonesDir.resolve(key(repository)));
                clones.put(repository, existing);
            }
            return existing;
        }
    }

    private static String canonical(String url) throws GitException {
        try {
            return RepositoryUrls.canonical(url);
        } catch (IllegalArgumentException e) {
            throw new GitException(GitException.Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }
    static String key(String canonical) {
        return dev.conveyor.git.LocalGit.key(canonical);
    }

    private static void sleep(Duration wait, String repository, String branch) throws GitException {
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitException(GitException.Reason.INTERRUPTED, "interrupted while retrying a write to "
                    + branch + " of " + repository);
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "a write listener failed; ignored");
        }
    }

    /** Closes the clones' repositories; their directories stay for the next writer on this work root. */
    @Override
    public void close() {
        closed = true;
        synchronized (clones) {
            clones.values().forEach(WriteClone::close);
            clones.clear();
        }
    }

    @Override
    public String toString() {
        return "GitWriter[" + clonesDir + "]";
    }
}
