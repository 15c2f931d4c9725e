package dev.conveyor.images.adapter;

import dev.conveyor.declarations.DeclarationSet;
import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RepositoryUrls;
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
import java.util.List;
import java.util.Optional;

/**
 * The ImagePolicies declared in the control repository, reloaded when a push to it arrives (the rules for invalid
 * and uncertain declarations are {@link DeclarationSet}'s).
 */
@ApplicationScoped
public class PolicyStore {

    private static final Logger LOG = Logger.getLogger(PolicyStore.class);

    private final ImageWatcherConfig config;
    private final RepositoryCache git;
    private final DeclarationSet<ImagePolicy> policies = new DeclarationSet<>(new ImagePolicyParser(), ImagePolicy::name,
            ImagePolicy::declaredIn);

    public PolicyStore(ImageWatcherConfig config, RepositoryCache git, ImageWatcherMetrics metrics) {
        this.config = config;
        this.git = git;
        Gauge.builder(ImageWatcherMetrics.POLICIES, policies, p -> p.all().size())
                .description("ImagePolicies loaded").register(metrics.registry());
        Gauge.builder(ImageWatcherMetrics.INVALID_DECLARATIONS, policies, p -> p.invalid().size())
                .description("ImagePolicy declarations that are invalid and skipped").register(metrics.registry());
    }

    public boolean isControlRepository(CommitPushed push) {
        return config.declarations().repoUrl()
                .map(url -> RepositoryUrls.names(url, push.repository()))
                .orElse(false);
    }

    /**
     * Reloads from the control repository.
     *
     * @return the policies that are new or changed (to be checked at once)
     */
    public List<ImagePolicy> reload(String cause) {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty()) {
            LOG.info("no control repository configured (conveyor.images.declarations.repo-url): no image policies");
            return List.of();
        }
        LOG.debugf("reloading image policies (%s)", cause);
        return policies.reload(git, repo.get(), config.declarations().revision(), config.declarations().path().orElse(""))
                .orElse(List.of());
    }

    /** The policies that watch this image. */
    public List<ImagePolicy> watching(ImageRef image) {
        return policies.all().stream().filter(p -> p.image().equals(image)).toList();
    }

    public Optional<ImagePolicy> get(String name) {
        return policies.get(name);
    }

    public Collection<ImagePolicy> all() {
        return policies.all();
    }

    public List<InvalidDeclaration> invalid() {
        return policies.invalid();
    }

    public String revision() {
        return policies.revision();
    }
}
