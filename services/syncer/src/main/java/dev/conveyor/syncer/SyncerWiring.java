package dev.conveyor.syncer;

import dev.conveyor.git.RepositoryCache;
import dev.conveyor.syncer.adapter.ClusterAdapter;
import dev.conveyor.syncer.adapter.DeclarationStore;
import dev.conveyor.syncer.adapter.KafkaEvents;
import dev.conveyor.syncer.auth.Operators;
import dev.conveyor.syncer.engine.Ports;
import dev.conveyor.syncer.engine.SelfHealBackoff;
import dev.conveyor.syncer.engine.SyncEngine;
import dev.conveyor.syncer.health.CelHealthChecks;
import dev.conveyor.syncer.health.HealthAssessor;
import dev.conveyor.syncer.health.KubernetesHealthAssessor;
import dev.conveyor.syncer.render.RenderCache;
import dev.conveyor.syncer.render.SourceRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Builds the plain-Java core from configuration: the adapters are the only Quarkus-aware parts. */
@ApplicationScoped
public class SyncerWiring {

    @Produces
    @Singleton
    RepositoryCache repositoryCache(SyncerConfig config) {
        return new RepositoryCache(Path.of(config.git().cacheDir()), config.git().timeout());
    }

    void closeCache(@Disposes RepositoryCache cache) {
        cache.close();
    }

    @Produces
    @Singleton
    RenderCache renderer(SyncerConfig config) {
        return new RenderCache(new SourceRenderer(), config.renderCacheSize());
    }

    /** Built-in health rules plus the configured CEL checks; an invalid expression stops the start with its error. */
    @Produces
    @Singleton
    HealthAssessor healthAssessor(SyncerConfig config) {
        return new KubernetesHealthAssessor(CelHealthChecks.compile(config.healthChecks()));
    }

    /** Who may use the state-changing API ({@code conveyor.syncer.api.operators.*}). */
    @Produces
    @Singleton
    Operators operators(SyncerConfig config) {
        return new Operators(config.api().operators().users().orElse(Set.of()), config.api().operators().groups());
    }

    @Produces
    @Singleton
    SelfHealBackoff selfHealBackoff(SyncerConfig config) {
        return new SelfHealBackoff(config.selfHeal().initialBackoff(), config.selfHeal().maxBackoff(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    SyncEngine engine(SyncerConfig config, DeclarationStore declarations, RepositoryCache git, RenderCache renderer,
                      ClusterAdapter cluster, KafkaEvents events, SyncerMetrics metrics) {
        Map<String, Long> lastFetch = new ConcurrentHashMap<>();
        long minInterval = config.git().minFetchInterval().toNanos();
        Ports.Sources sources = new Ports.Sources() {
            /** Applications of one repository synced back to back share one fetch. */
            public Duration fetch(String repoURL, boolean recentIsFresh) throws Exception {
                Long last = lastFetch.get(repoURL);
                if (recentIsFresh && last != null && System.nanoTime() - last < minInterval) return Duration.ZERO;
                long started = System.nanoTime();
                Duration took = git.fetch(repoURL).duration();
                lastFetch.put(repoURL, started);
                return took;
            }

            public String resolve(String repoURL, String revision) throws Exception {
                return git.resolve(repoURL, revision);
            }

            public Path checkout(String repoURL, String sha) throws Exception {
                return git.checkout(repoURL, sha);
            }
        };
        return new SyncEngine(declarations, sources, renderer::render, cluster, events, Clock.systemUTC(),
                config.historyLimit(), metrics);
    }
}
