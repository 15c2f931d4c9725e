package dev.conveyor.images.adapter;

import dev.conveyor.declarations.DeclarationLoader;
import dev.conveyor.declarations.Declarations;
import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.declarations.LoadResult;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.images.ImageWatcherConfig;
import dev.conveyor.images.ImageWatcherMetrics;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.policy.ImagePolicyParser;
import dev.conveyor.images.registry.ImageRef;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ImagePolicies declared in the control repository, reloaded when a push to it arrives. An invalid declaration
 * is reported — file, field, reason; a log line and a metric — and skipped; the others keep working. A load that
 * failed at the repository level keeps the previous set.
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    private final ImageWatcherConfig config;
    private final RepositoryCache git;
    private final ImagePolicyParser parser = new ImagePolicyParser();
    private volatile Map<String, ImagePolicy> policies = Map.of();
    private volatile List<InvalidDeclaration> invalid = List.of();
    private volatile String revision;

    public PolicyStore(ImageWatcherConfig config, RepositoryCache git, ImageWatcherMetrics metrics) {
        this.config = config;
        this.git = git;
        Gauge.builder(ImageWatcherMetrics.POLICIES, this, s -> s.policies.size())
                .description("ImagePolicies loaded").register(metrics.registry());
        Gauge.builder(ImageWatcherMetrics.INVALID_DECLARATIONS, this, s -> s.invalid.size())
                .description("ImagePolicy declarations that are invalid and skipped").register(metrics.registry());
    }

    public boolean isControlRepository(CommitPushed push) {
        return config.declarations().repoUrl()
                .map(url -> RepositoryUrls.canonical(url).equalsIgnoreCase(push.repository()))
                .orElse(false);
    }

    /**
     * Reloads from the control repository.
     *
     * @return the policies that are new or changed (to be checked at once)
     */
    public synchronized List<ImagePolicy> reload(String cause) {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty()) {
            LOG.info("no control repository configured (conveyor.images.declarations.repo-url): no image policies");
            return List.of();
        }
        LoadResult result;
        try {
            git.fetch(repo.get());
            result = DeclarationLoader.load(git, repo.get(), config.declarations().revision(),
                    config.declarations().path().orElse(""), List.of(parser));
        } catch (GitException | RuntimeException e) {
            LOG.warnf("control repository %s not loaded (%s); keeping the %d policies already known",
                    GitException.redact(repo.get()), e.getMessage(), policies.size());
            return List.of();
        }
        if (!result.complete()) {
            LOG.warnf("control repository load incomplete (%s); keeping the %d policies already known",
                    result.problem(), policies.size());
            return List.of();
        }
        Declarations<ImagePolicy> loaded = result.declarations(parser);
        Map<String, ImagePolicy> next = new LinkedHashMap<>();
        loaded.valid().forEach(p -> next.put(p.name(), p));
        policies.forEach((name, previous) -> {
            if (!next.containsKey(name) && result.uncertain(previous.declaredIn())) next.put(name, previous);
        });
        for (InvalidDeclaration bad : result.invalid()) LOG.warnf("invalid declaration skipped: %s", bad);
        Map<String, ImagePolicy> before = policies;
        policies = Map.copyOf(next);
        invalid = List.copyOf(result.invalid());
        revision = result.sha();
        LOG.infof("control repository at %s (%s): %d image policies, %d invalid declarations", result.sha(), cause,
                next.size(), invalid.size());
        return next.values().stream().filter(p -> !p.equals(before.get(p.name()))).toList();
    }

    /** The policies that watch this image. */
    public List<ImagePolicy> watching(ImageRef image) {
        return policies.values().stream().filter(p -> p.image().equals(image)).toList();
    }

    public Optional<ImagePolicy> get(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    public Collection<ImagePolicy> all() {
        return policies.values();
    }

    public List<InvalidDeclaration> invalid() {
        return invalid;
    }

    public String revision() {
        return revision;
    }
}
