package dev.conveyor.ingest;

import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.ingest.domain.DeliveryLog;
import dev.conveyor.ingest.domain.EventPublisher;
import dev.conveyor.ingest.domain.IngestService;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.ReceiverSecrets;
import dev.conveyor.ingest.domain.WebhookAuthenticator;
import dev.conveyor.ingest.normalise.Normalisers;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Builds the plain-Java core from configuration and says at start-up which receivers are on and which are refused. */
@ApplicationScoped
public class IngestWiring {

    private static final Logger LOG = Logger.getLogger(IngestWiring.class);

    @Produces
    @Singleton
    WebhookAuthenticator authenticator(IngestConfig config) {
        Map<Provider, ReceiverSecrets> secrets = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
            IngestConfig.Receiver r = receiver(config, p);
            Map<String, String> perRepo = new HashMap<>();
            // Git repositories are keyed by canonical URL, so any spelling of the URL in the config works.
            r.repositorySecrets().forEach((repo, secret) ->
                    perRepo.put(repo.contains("://") || repo.contains("@") ? RepositoryUrls.canonical(repo) : repo, secret));
            secrets.put(p, new ReceiverSecrets(r.secret(), perRepo));
        }
        return new WebhookAuthenticator(secrets);
    }

    @Produces
    @Singleton
    IngestService ingestService(IngestConfig config, WebhookAuthenticator authenticator, EventPublisher publisher) {
        Map<Provider, Normaliser> normalisers = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
            normalisers.put(p, Normalisers.forProvider(p, config.receivers().harbor().registry(),
                    config.receivers().bitbucketServer().baseUrl()));
        }
        DeliveryLog deliveries = new DeliveryLog(config.dedup().window(), config.dedup().maxEntries(), Clock.systemUTC());
        return new IngestService(authenticator, normalisers::get, deliveries, publisher, Clock.systemUTC(),
                config.publish().timeout());
    }

    void logReceivers(@Observes StartupEvent start, WebhookAuthenticator authenticator) {
        for (Provider p : Provider.values()) {
            if (authenticator.enabled(p)) {
                LOG.infof("receiver %s enabled at /webhooks/%s%s (%s)", p.id(), p.id(),
                        p.auth() == Provider.Auth.PATH_TOKEN ? "/<token>" : "", authenticator.secretsOf(p));
            } else {
                LOG.warnf("receiver %s refused: %s", p.id(), IngestService.disabledReason(p));
            }
        }
    }

    static IngestConfig.Receiver receiver(IngestConfig config, Provider p) {
        IngestConfig.Receivers r = config.receivers();
        return switch (p) {
            case GITHUB -> r.github();
            case GITLAB -> r.gitlab();
            case BITBUCKET_CLOUD -> r.bitbucketCloud();
            case BITBUCKET_SERVER -> r.bitbucketServer();
            case GITEA -> r.gitea();
            case GOGS -> r.gogs();
            case DOCKERHUB -> r.dockerhub();
            case HARBOR -> r.harbor();
            case QUAY -> r.quay();
            case DISTRIBUTION -> r.distribution();
            case ECR -> r.ecr();
            case ACR -> r.acr();
            case GAR -> r.gar();
        };
    }
}
