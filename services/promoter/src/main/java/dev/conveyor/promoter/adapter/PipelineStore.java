package dev.conveyor.promoter.adapter;

import dev.conveyor.declarations.DeclarationSet;
import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.promoter.PromoterConfig;
import dev.conveyor.promoter.PromoterMetrics;
import dev.conveyor.promoter.engine.Ports;
import dev.conveyor.promoter.pipeline.Pipeline;
import dev.conveyor.promoter.pipeline.PipelineParser;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The Pipelines declared in the control repository, reloaded when a push to it arrives. */
@ApplicationScoped
public class PipelineStore implements Ports.Pipelines {

    private static final Logger LOG = Logger.getLogger(PipelineStore.class);

    private final PromoterConfig config;
    private final RepositoryCache git;
    private final PromoterMetrics metrics;
    private final DeclarationSet<Pipeline> pipelines = new DeclarationSet<>(new PipelineParser(), Pipeline::name,
            Pipeline::declaredIn);

    public PipelineStore(PromoterConfig config, RepositoryCache git, PromoterMetrics metrics) {
        this.config = config;
        this.git = git;
        this.metrics = metrics;
        Gauge.builder(PromoterMetrics.PIPELINES, pipelines, p -> p.all().size())
                .description("Pipelines loaded").register(metrics.registry());
        Gauge.builder(PromoterMetrics.INVALID_DECLARATIONS, pipelines, p -> p.invalid().size())
                .description("Pipeline declarations that are invalid and skipped").register(metrics.registry());
    }

    public boolean isControlRepository(CommitPushed push) {
        return config.declarations().repoUrl()
                .map(url -> RepositoryUrls.names(url, push.repository()))
                .orElse(false);
    }

    /** @return whether anything changed */
    public boolean reload(String cause) {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty()) {
            LOG.info("no control repository configured (conveyor.promoter.declarations.repo-url): no pipelines");
            return false;
        }
        LOG.debugf("reloading pipelines (%s)", cause);
        boolean changed = pipelines.reload(git, repo.get(), config.declarations().revision(), config.declarations().path().orElse(""))
                .map(c -> !c.isEmpty()).orElse(false);
        // Each declared stage's DORA and promotion series exist from now, at zero, before their first event.
        metrics.register(pipelines.all());
        return changed;
    }

    @Override
    public Collection<Pipeline> all() {
        return pipelines.all();
    }

    @Override
    public Optional<Pipeline> get(String name) {
        return pipelines.get(name);
    }

    public List<InvalidDeclaration> invalid() {
        return pipelines.invalid();
    }

    public String revision() {
        return pipelines.revision();
    }
}
