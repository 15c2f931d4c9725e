package dev.conveyor.promoter.adapter;

import dev.conveyor.git.Credentials;
import dev.conveyor.git.CredentialsLookup;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.git.write.GitWriter;
import dev.conveyor.git.write.RetryPolicy;
import dev.conveyor.promoter.PromoterConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Git plumbing from configuration. */
public class PromoterWiring {

    @Produces
    @Singleton
    RepositoryCache repositoryCache(PromoterConfig config) {
        return new RepositoryCache(Path.of(config.git().workDir(), "cache"), config.git().timeout(), credentials(config));
    }

    void closeCache(@Disposes RepositoryCache cache) {
        cache.close();
    }

    @Produces
    @Singleton
    GitWriter gitWriter(PromoterConfig config) {
        PromoterConfig.Git g = config.git();
        return new GitWriter(Path.of(g.workDir(), "write"), g.timeout(), credentials(config),
                new RetryPolicy(g.maxAttempts(), g.initialBackoff(), g.maxBackoff()));
    }

    void closeWriter(@Disposes GitWriter writer) {
        writer.close();
    }

    static CredentialsLookup credentials(PromoterConfig config) {
        Map<String, Credentials> byPrefix = new LinkedHashMap<>();
        config.git().credentials().forEach((prefix, c) -> byPrefix.put(prefix, Credentials.of(c.username(), c.password())));
        return CredentialsLookup.byPrefix(byPrefix);
    }
}
