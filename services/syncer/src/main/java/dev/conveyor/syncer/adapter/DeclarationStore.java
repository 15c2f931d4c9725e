package dev.conveyor.syncer.adapter;

import dev.conveyor.declarations.DeclarationLoader;
import dev.conveyor.declarations.Declarations;
import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.declarations.LoadResult;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.syncer.SyncerConfig;
import dev.conveyor.syncer.SyncerMetrics;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.app.ApplicationParser;
import dev.conveyor.syncer.engine.Ports;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Applications declared in the control repository, reloaded when a push to it arrives (the platform manages itself
 * the GitOps way). An invalid declaration is reported — file, field, reason; a log line and a metric — and skipped;
 * the valid ones keep working. A load that failed at the repository level keeps the previous set whole: a loader
 * error never makes an application disappear (and the syncer never prunes because an application disappeared).
 */
@ApplicationScoped
public class DeclarationStore implements Ports.Applications {

    private static final Logger LOG = Logger.getLogger(DeclarationStore.class);

    private final SyncerConfig config;
    private final RepositoryCache git;
    private final ApplicationParser parser = new ApplicationParser();
    private volatile Map<String, Application> applications = Map.of();
    private volatile List<InvalidDeclaration> invalid = List.of();
    private volatile String revision;

    @Inject
    KafkaEvents events;

    public DeclarationStore(SyncerConfig config, RepositoryCache git, SyncerMetrics metrics) {
        this.config = config;
        this.git = git;
        Gauge.builder(SyncerMetrics.INVALID_DECLARATIONS, this, s -> s.invalid.size())
                .description("Declarations in the control repository that are invalid and skipped")
                .register(metrics.registry());
    }

    void onStart(@Observes StartupEvent start) {
        reload("startup");
    }

    public boolean isControlRepository(CommitPushed push) {
        return config.declarations().repoUrl()
                .map(url -> RepositoryUrls.names(url, push.repository()))
                .orElse(false);
    }

    /** Reloads from the control repository; new or changed applications get a sync request. */
    public synchronized void reload(String cause) {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty()) {
            LOG.info("no control repository configured (conveyor.syncer.declarations.repo-url): no applications");
            return;
        }
        LoadResult result;
        try {
            git.fetch(repo.get());
            result = DeclarationLoader.load(git, repo.get(), config.declarations().revision(),
                    config.declarations().path().orElse(""), List.of(parser));
        } catch (GitException | RuntimeException e) {
            LOG.warnf("control repository %s not loaded (%s); keeping the %d applications already known",
                    GitException.redact(repo.get()), e.getMessage(), applications.size());
            return;
        }
        if (!result.complete()) {
            LOG.warnf("control repository load incomplete (%s); keeping the %d applications already known",
                    result.problem(), applications.size());
            return;
        }
        Declarations<Application> loaded = result.declarations(parser);
        Map<String, Application> next = new LinkedHashMap<>();
        loaded.valid().forEach(a -> next.put(a.name(), a));
        // An application whose file is uncertain (another document in it is invalid) keeps its previous definition
        // rather than vanishing because a neighbour has a typo.
        applications.forEach((name, previous) -> {
            if (!next.containsKey(name) && result.uncertain(previous.declaredIn())) next.put(name, previous);
        });
        for (InvalidDeclaration bad : result.invalid()) {
            LOG.warnf("invalid declaration skipped: %s", bad);
        }
        Map<String, Application> before = applications;
        applications = Map.copyOf(next);
        invalid = List.copyOf(result.invalid());
        revision = result.sha();
        LOG.infof("control repository at %s: %d applications, %d invalid declarations", result.sha(), next.size(), invalid.size());
        // New or changed applications are synced at the revision their repository has now: one fetch per repository
        // for the whole batch, and the work names the sha so no sync fetches again.
        Map<String, String> fetched = new java.util.HashMap<>();
        for (Application app : next.values()) {
            if (app.equals(before.get(app.name())) || events == null) continue;
            String sha = null;
            try {
                String url = app.source().repoURL();
                if (!fetched.containsKey(url)) {
                    git.fetch(url);
                    fetched.put(url, url);
                }
                sha = git.resolve(url, app.source().targetRevision());
            } catch (GitException | RuntimeException e) {
                LOG.warnf("application %s: cannot resolve %s yet (%s); its sync will report it", app.name(),
                        app.source().targetRevision(), e.getMessage());
            }
            events.publishWithId(new SyncRequested(app.name(), SyncRequested.Trigger.DECLARATION, sha, false, cause),
                    "declaration:" + result.sha() + ":" + app.name());
        }
        before.keySet().stream().filter(n -> !next.containsKey(n)).forEach(n ->
                LOG.infof("application %s was removed from the control repository; its resources are left in place", n));
    }

    @Override
    public Optional<Application> get(String name) {
        return Optional.ofNullable(applications.get(name));
    }

    @Override
    public Collection<Application> all() {
        return applications.values();
    }

    public List<InvalidDeclaration> invalid() {
        return invalid;
    }

    public String revision() {
        return revision;
    }
}
