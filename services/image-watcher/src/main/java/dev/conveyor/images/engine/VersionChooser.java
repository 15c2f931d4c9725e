package dev.conveyor.images.engine;

import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.policy.Strategy;
import dev.conveyor.images.policy.TagSelector;
import dev.conveyor.images.policy.TagSelector.Candidate;
import dev.conveyor.images.registry.ManifestInfo;
import dev.conveyor.images.registry.RegistryClient;
import dev.conveyor.images.registry.RegistryCredentials;
import dev.conveyor.images.registry.RegistryException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the registry and applies a policy's strategy: the version the policy wants now. Asks the registry as little as
 * the strategy allows — a semver policy without platform filter costs the tag list plus one HEAD for the digest; only
 * newest-build looks at every allowed tag (one HEAD each, manifests and configs cached by digest).
 */
public final class VersionChooser {

    private final RegistryClient registry;

    public VersionChooser(RegistryClient registry) {
        this.registry = registry;
    }

    /** The chosen tag and the digest it points at now. */
    public record Choice(String tag, String digest) {
    }

    /** Empty when no tag satisfies the policy (a reportable state, not an error). */
    public Optional<Choice> choose(ImagePolicy policy, RegistryCredentials credentials) throws RegistryException {
        if (policy.strategy() instanceof Strategy.Digest d) return trackedTag(policy, d.tag(), credentials);
        if (policy.strategy() instanceof Strategy.NewestBuild) return newestBuild(policy, credentials);
        return firstUsable(policy, TagSelector.ranked(policy, registry.tags(policy.image(), credentials)), credentials);
    }

    private Optional<Choice> trackedTag(ImagePolicy policy, String tag, RegistryCredentials credentials)
            throws RegistryException {
        if (policy.platform() == null) return Optional.of(new Choice(tag, registry.digest(policy.image(), tag, credentials)));
        return registry.manifest(policy.image(), tag, policy.platform(), credentials).map(m -> new Choice(tag, m.digest()));
    }

    private Optional<Choice> firstUsable(ImagePolicy policy, List<Candidate> ranked, RegistryCredentials credentials)
            throws RegistryException {
        for (Candidate c : ranked) {
            if (policy.platform() == null) {
                return Optional.of(new Choice(c.tag(), registry.digest(policy.image(), c.tag(), credentials)));
            }
            Optional<ManifestInfo> m = registry.manifest(policy.image(), c.tag(), policy.platform(), credentials);
            if (m.isPresent()) return Optional.of(new Choice(c.tag(), m.get().digest()));
        }
        return Optional.empty();
    }

    private Optional<Choice> newestBuild(ImagePolicy policy, RegistryCredentials credentials) throws RegistryException {
        Choice best = null;
        Instant bestTime = null;
        for (Candidate c : TagSelector.allowed(policy, registry.tags(policy.image(), credentials))) {
            String digest = registry.digest(policy.image(), c.tag(), credentials);
            // By digest: cached, so a tag that did not move costs only the HEAD above on later scans.
            Optional<ManifestInfo> m = registry.manifest(policy.image(), digest, policy.platform(), credentials);
            if (m.isEmpty()) continue;
            Optional<Instant> created = registry.created(policy.image(), m.get().configDigest(), credentials);
            if (created.isEmpty()) continue;
            Instant t = created.get();
            if (bestTime == null || t.isAfter(bestTime) || (t.equals(bestTime) && c.tag().compareTo(best.tag()) > 0)) {
                best = new Choice(c.tag(), digest);
                bestTime = t;
            }
        }
        return Optional.ofNullable(best);
    }
}
