package dev.conveyor.git.write;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jboss.logging.Logger;

import dev.conveyor.git.Credentials;
import dev.conveyor.git.GitException;

/**
 * The bare clone a {@link GitWriter} works in for one repository: fetch one branch, push one commit with the head it
 * was made on as the expected old value. There is no working tree, so nothing on disk can be half-written by a
 * concurrent write or a crash; the clone survives restarts and later fetches only bring what is new.
 */
final class WriteClone implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WriteClone.class);

    /** What became of a push. */
    record Pushed(boolean accepted, String rejection) {
    }

    private final String repository;
    private final Repository repo;

    private WriteClone(String repository, Repository repo) {
        this.repository = repository;
        this.repo = repo;
    }

    /** Opens the clone in {@code dir}, creating it (or replacing an unreadable one) first. */
    static WriteClone open(String repository, Path dir) throws GitException {
        try {
            if (Files.isDirectory(dir)) {
                try {
                    return new WriteClone(repository,
                            new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build());
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warnf("the write clone of %s in %s is unreadable (%s); starting a new one", repository, dir,
                            e.getMessage());
                    deleteRecursively(dir);
                }
            }
            Files.createDirectories(dir.getParent());
            try (Git git = Git.init().setBare(true).setGitDir(dir.toFile()).call()) {
                StoredConfig config = git.getRepository().getConfig();
                config.setString("conveyor", null, "repository", repository);
                config.setBoolean("gc", null, "autoDetach", false);
                config.save();
            }
            return new WriteClone(repository, new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true)
                    .build());
        } catch (IOException | GitAPIException e) {
            throw new GitException(GitException.Reason.LOCAL,
                    "cannot create the write clone of " + repository + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    Repository repository() {
        return repo;
    }

    /**
     * Fetches one branch and returns its head on the remote.
     *
     * @throws GitException {@link GitException.Reason#UNKNOWN_REVISION} when the remote has no such branch
     */
    ObjectId fetch(String url, String ref, Optional<Credentials> credentials, int timeoutSeconds,
                   List<String> secrets) throws GitException {
        FetchResult result;
        try (Git git = Git.wrap(repo)) {
            var cmd = git.fetch()
                    .setRemote(url)
                    .setRefSpecs(new RefSpec("+" + ref + ":" + ref))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTimeout(timeoutSeconds);
            credentials.ifPresent(c -> cmd.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(c.username(), c.secret())));
            result = cmd.call();
        } catch (GitAPIException | RuntimeException e) {
            if (isMissingRef(e)) {
                throw missingBranch(ref);
            }
            throw RemoteFailures.of("fetch of " + ref + " from", repository, e, secrets);
        }
        Ref advertised = result.getAdvertisedRef(ref);
        if (advertised == null || advertised.getObjectId() == null) {
            throw missingBranch(ref);
        }
        return advertised.getObjectId();
    }

    /** Pushes {@code commit} to {@code ref} if, and only if, the remote's {@code ref} is still {@code expected}. */
    Pushed push(String url, String ref, ObjectId expected, ObjectId commit, Optional<Credentials> credentials,
                int timeoutSeconds, List<String> secrets) throws GitException {
        RemoteRefUpdate update;
        try (Transport transport = Transport.open(repo, new URIish(url))) {
            transport.setTimeout(timeoutSeconds);
            credentials.ifPresent(c -> transport.setCredentialsProvider(
                    new UsernamePasswordCredentialsProvider(c.username(), c.secret())));
            update = new RemoteRefUpdate(repo, null, commit, ref, false, null, expected);
            transport.push(NullProgressMonitor.INSTANCE, List.of(update));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw RemoteFailures.of("push of " + ref + " to", repository, e, secrets);
        }
        String message = update.getMessage() == null ? "" : update.getMessage();
        return switch (update.getStatus()) {
            case OK, UP_TO_DATE -> new Pushed(true, null);
            case REJECTED_NONFASTFORWARD -> new Pushed(false, "non-fast-forward");
            case REJECTED_REMOTE_CHANGED -> new Pushed(false, "the branch moved since it was fetched");
            case REJECTED_OTHER_REASON -> {
                if (isRace(message)) {
                    yield new Pushed(false, "rejected by the remote: " + message);
                }
                throw new GitException(GitException.Reason.REMOTE, "the push of " + ref + " to " + repository
                        + " was rejected: " + message, null, secrets);
            }
            case NON_EXISTING -> throw missingBranch(ref);
            default -> throw new GitException(GitException.Reason.REMOTE, "the push of " + ref + " to " + repository
                    + " did not complete: " + update.getStatus() + " " + message, null, secrets);
        };
    }

    /**
     * Whether a server-side rejection means another writer got there first: the ref moved between the advertisement
     * and the update (JGit: "lock error", Git: "cannot lock ref", "failed to update ref"), or the server's own
     * fast-forward check ("non-fast-forward", "fetch first", "stale info").
     */
    static boolean isRace(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("lock error") || m.contains("failed to lock") || m.contains("cannot lock ref")
                || m.contains("failed to update ref") || m.contains("non-fast-forward") || m.contains("fetch first")
                || m.contains("stale info");
    }

    /** Packs loose objects once there are many, as {@code git gc --auto} would; failures only cost disk. */
    void housekeeping() {
        try {
            repo.autoGC(NullProgressMonitor.INSTANCE);
        } catch (RuntimeException e) {
            LOG.debugf("housekeeping of the write clone of %s failed: %s", repository, e.getMessage());
        }
    }

    private GitException missingBranch(String ref) {
        return new GitException(GitException.Reason.UNKNOWN_REVISION, "branch " + ref + " does not exist in "
                + repository + "; writes never create branches");
    }

    private static boolean isMissingRef(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TransportException && c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("does not have")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        repo.close();
    }

    private static void deleteRecursively(Path path) throws IOException {
        dev.conveyor.git.LocalGit.deleteRecursively(path);
    }
}
