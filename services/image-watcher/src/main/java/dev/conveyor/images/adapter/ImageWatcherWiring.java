package dev.conveyor.images.adapter;

import dev.conveyor.git.Credentials;
import dev.conveyor.git.CredentialsLookup;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.git.write.GitWriter;
import dev.conveyor.git.write.RetryPolicy;
import dev.conveyor.images.ImageWatcherConfig;
import dev.conveyor.images.ImageWatcherMetrics;
import dev.conveyor.images.engine.ImageUpdater;
import dev.conveyor.images.engine.Ports;
import dev.conveyor.images.engine.VersionChooser;
import dev.conveyor.images.registry.DistributionRegistryClient;
import dev.conveyor.images.registry.RegistryClient;
import dev.conveyor.images.registry.RegistryCredentials;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the plain-Java core from configuration. */
public class ImageWatcherWiring {

    @Produces
    @Singleton
    RegistryClient registryClient(ImageWatcherConfig config, ImageWatcherMetrics metrics) {
        ImageWatcherConfig.Registry r = config.registry();
        return new DistributionRegistryClient(new DistributionRegistryClient.Settings(r.timeout(), r.requestsPerMinute(),
                r.maxBudgetWait(), r.max429Retries(), r.maxRetryAfter(), new HashSet<>(r.insecure().orElse(List.of())), 1000),
                metrics, Clock.systemUTC());
    }

    @Produces
    @Singleton
    RepositoryCache declarationsCache(ImageWatcherConfig config) {
        return new RepositoryCache(Path.of(config.git().workDir(), "declarations"), config.git().timeout(),
                gitCredentials(config));
    }

    void closeCache(@Disposes RepositoryCache cache) {
        cache.close();
    }

    @Produces
    @Singleton
    GitWriter gitWriter(ImageWatcherConfig config) {
        ImageWatcherConfig.Git g = config.git();
        return new GitWriter(Path.of(g.workDir(), "write"), g.timeout(), gitCredentials(config),
                new RetryPolicy(g.maxAttempts(), g.initialBackoff(), g.maxBackoff()));
    }

    void closeWriter(@Disposes GitWriter writer) {
        writer.close();
    }

    @Produces
    @Singleton
    ImageUpdater updater(RegistryClient registry, GitWriter git, ImageWatcherConfig config, KafkaEvents events,
                         ImageWatcherMetrics metrics) {
        Map<String, ImageWatcherConfig.Registry.Credential> configured = config.registry().credentials();
        Ports.Credentials credentials = name -> Optional.ofNullable(configured.get(name)).map(c -> {
            if (c.token().isPresent()) return new RegistryCredentials.Token(c.token().get());
            return new RegistryCredentials.Basic(c.username().orElse(""), c.password().orElse(""));
        });
        return new ImageUpdater(new VersionChooser(registry), git, credentials, events, metrics, Clock.systemUTC());
    }

    static CredentialsLookup gitCredentials(ImageWatcherConfig config) {
        Map<String, Credentials> byPrefix = new java.util.LinkedHashMap<>();
        config.git().credentials().forEach((prefix, c) -> byPrefix.put(prefix, Credentials.of(c.username(), c.password())));
        return CredentialsLookup.byPrefix(byPrefix);
    }
}
