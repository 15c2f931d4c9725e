package dev.conveyor.images.engine;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.GitException;
import dev.conveyor.git.write.EditException;
import dev.conveyor.git.write.FileChange;
import dev.conveyor.git.write.FileEdit;
import dev.conveyor.git.write.GitWriter;
import dev.conveyor.git.write.ImageEdits;
import dev.conveyor.git.write.ImageVersion;
import dev.conveyor.git.write.WriteRequest;
import dev.conveyor.git.write.WriteResult;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.policy.WriteBack;
import dev.conveyor.images.registry.RegistryCredentials;
import dev.conveyor.images.registry.RegistryException;
import io.quarkus.qute.Engine;
import org.eclipse.jgit.lib.PersonIdent;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One policy, one update: read the registry, choose, write to Git when the file does not hold the choice yet, tell
 * the others. Idempotent — the file is the memory: a redelivered trigger or a restart finds the version already
 * written and does nothing. One policy is never updated twice at once (a webhook and a scan may arrive together).
 */
public final class ImageUpdater {

    /** What one update did. */
    public sealed interface Outcome {
        /** For metrics and the API: updated, unchanged, no_candidate, failed. */
        String result();

        record Updated(String from, String to, String digest, String commit, int conflicts) implements Outcome {
            public String result() {
                return "updated";
            }
        }

        record Unchanged(String tag, String digest) implements Outcome {
            public String result() {
                return "unchanged";
            }
        }

        record NoCandidate(String reason) implements Outcome {
            public String result() {
                return "no_candidate";
            }
        }

        record Failed(String reason, boolean retryable) implements Outcome {
            public String result() {
                return "failed";
            }
        }
    }

    /** The last thing known about a policy, for the API and health. */
    public record Status(String policy, Instant checkedAt, String tag, String digest, String result, String message) {
    }

    private static final Engine QUTE = Engine.builder().addDefaults().build();

    private final VersionChooser chooser;
    private final GitWriter git;
    private final Ports.Credentials credentials;
    private final Ports.Events events;
    private final Ports.Observer observer;
    private final Clock clock;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    /** Per policy, the {@code from} of the write in progress (updates of one policy never overlap: see the lock). */
    private final Map<String, String> lastFrom = new ConcurrentHashMap<>();

    public ImageUpdater(VersionChooser chooser, GitWriter git, Ports.Credentials credentials, Ports.Events events,
                        Ports.Observer observer, Clock clock) {
        this.chooser = chooser;
        this.git = git;
        this.credentials = credentials;
        this.events = events;
        this.observer = observer;
        this.clock = clock;
    }

    public Outcome update(ImagePolicy policy) {
        ReentrantLock lock = locks.computeIfAbsent(policy.name(), n -> new ReentrantLock());
        lock.lock();
        try {
            Outcome outcome = run(policy);
            observer.outcome(policy.name(), outcome);
            record(policy, outcome);
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    public Optional<Status> status(String policy) {
        return Optional.ofNullable(statuses.get(policy));
    }

    public void forget(String policy) {
        statuses.remove(policy);
    }

    private Outcome run(ImagePolicy policy) {
        RegistryCredentials creds = RegistryCredentials.ANONYMOUS;
        if (policy.credentials() != null) {
            Optional<RegistryCredentials> c = credentials.get(policy.credentials());
            if (c.isEmpty()) {
                return new Outcome.Failed("credentials '" + policy.credentials() + "' are not configured "
                        + "(conveyor.images.registry.credentials.\"" + policy.credentials() + "\".*)", false);
            }
            creds = c.get();
        }
        VersionChooser.Choice choice;
        try {
            Optional<VersionChooser.Choice> chosen = chooser.choose(policy, creds);
            if (chosen.isEmpty()) return new Outcome.NoCandidate("no tag of " + policy.image() + " satisfies the policy");
            choice = chosen.get();
        } catch (RegistryException e) {
            return new Outcome.Failed(e.getMessage(), e.retryable());
        }
        WriteBack wb = policy.writeBack();
        ImageVersion version = new ImageVersion(policy.image().toString(), choice.tag(), choice.digest());
        FileEdit edit = edit(policy, version);
        // The message names the version the file held on the head this commit builds on, even if another writer
        // changed it since the last check.
        lastFrom.remove(policy.name());
        WriteResult result;
        try {
            result = git.write(new WriteRequest(wb.repoURL(), wb.branch(), List.of(new FileChange(wb.path(), edit)),
                    message(policy, version, null), new PersonIdent(wb.authorName(), wb.authorEmail()),
                    before -> message(policy, version, from(before.get(wb.path()), policy))));
        } catch (EditException e) {
            return new Outcome.Failed(e.getMessage(), false);
        } catch (GitException e) {
            return new Outcome.Failed(e.getMessage(), true);
        }
        observer.writeBack(policy.name(), result.attempts(), result.conflicts());
        if (result.status() == WriteResult.Status.ALREADY_UP_TO_DATE) {
            return new Outcome.Unchanged(choice.tag(), choice.digest());
        }
        String from = lastFrom.remove(policy.name());
        ImageUpdated updated = new ImageUpdated(policy.name(), policy.image().toString(), from, choice.tag(),
                choice.digest(), RepositoryUrls.canonical(wb.repoURL()), wb.branch(), wb.path(), result.commitSha());
        events.updated(updated, commitPushed(policy, result, message(policy, version, from)));
        return new Outcome.Updated(from, choice.tag(), choice.digest(), result.commitSha(), result.conflicts());
    }

    private CommitPushed commitPushed(ImagePolicy policy, WriteResult result, String message) {
        WriteBack wb = policy.writeBack();
        Person author = new Person(wb.authorName(), wb.authorEmail(), null);
        CommitPushed.Commit commit = new CommitPushed.Commit(result.commitSha(), message, clock.instant(), author, null,
                List.of(), result.changedPaths(), List.of());
        return new CommitPushed(RepositoryUrls.canonical(wb.repoURL()), "refs/heads/" + wb.branch(), RefType.BRANCH,
                wb.branch(), result.previousSha(), result.commitSha(), List.of(commit), author, "conveyor", false,
                false, false, null);
    }

    static FileEdit edit(ImagePolicy policy, ImageVersion version) {
        WriteBack.Edit edit = policy.writeBack().edit();
        if (edit instanceof WriteBack.Kustomize k) {
            return ImageEdits.kustomize(k.name(), k.newName(), version, k.writeTag(), k.writeDigest());
        }
        if (edit instanceof WriteBack.HelmValues h) {
            return ImageEdits.helmValues(h.repositoryKey(), h.tagKey(), h.digestKey(), version);
        }
        return ImageEdits.markers(policy.name(), version, edit.writeTag(), edit.writeDigest());
    }

    /** The tag a file held before the edit; remembered for the event of the commit being made. */
    private String from(String before, ImagePolicy policy) {
        String tag = before == null ? null : CurrentVersion.tag(before, policy.writeBack().edit(), policy.name());
        if (tag == null) lastFrom.remove(policy.name());
        else lastFrom.put(policy.name(), tag);
        return tag;
    }

    static String message(ImagePolicy policy, ImageVersion version, String from) {
        Map<String, Object> data = new HashMap<>();
        data.put("policy", policy.name());
        data.put("image", version.image());
        data.put("from", from == null ? "" : from);
        data.put("to", version.tag());
        data.put("digest", version.digest() == null ? "" : version.digest());
        data.put("path", policy.writeBack().path());
        data.put("branch", policy.writeBack().branch());
        var instance = QUTE.parse(policy.writeBack().commitMessage()).instance();
        data.forEach(instance::data);
        return instance.render();
    }

    private void record(ImagePolicy policy, Outcome outcome) {
        Instant now = clock.instant();
        Status previous = statuses.get(policy.name());
        Status status;
        if (outcome instanceof Outcome.Updated u) {
            status = new Status(policy.name(), now, u.to(), u.digest(), "UPDATED", "committed " + u.commit());
        } else if (outcome instanceof Outcome.Unchanged u) {
            status = new Status(policy.name(), now, u.tag(), u.digest(), "UNCHANGED", "up to date");
        } else if (outcome instanceof Outcome.NoCandidate n) {
            status = new Status(policy.name(), now, null, null, "NO_CANDIDATE", n.reason());
        } else {
            Outcome.Failed f = (Outcome.Failed) outcome;
            status = new Status(policy.name(), now, previous == null ? null : previous.tag(),
                    previous == null ? null : previous.digest(), "FAILED", f.reason());
        }
        statuses.put(policy.name(), status);
    }
}
