package dev.conveyor.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * webhook-ingest's configuration ({@code conveyor.ingest.*}). Secrets come from the environment or a Kubernetes
 * Secret, e.g. {@code CONVEYOR_INGEST_RECEIVERS_GITHUB_SECRET}; they are never logged.
 */
@ConfigMapping(prefix = "conveyor.ingest")
public interface IngestConfig {

    /** Largest webhook body accepted; larger ones get 413. Also the HTTP server's limit (application.properties). */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Redeliveries of one delivery id within this window are acknowledged but not published again. */
    Dedup dedup();

    /** Publishing to Kafka. */
    Publish publish();

    /** One receiver per provider. A receiver without any secret is disabled and refuses every request. */
    Receivers receivers();

    interface Dedup {
        /** How long a published delivery id is remembered. GitHub and GitLab redeliver within minutes. */
        @WithDefault("PT10M")
        Duration window();

        /** Upper bound on remembered delivery ids (oldest forgotten first). */
        @WithDefault("100000")
        int maxEntries();
    }

    interface Publish {
        /** How long to wait for Kafka's acknowledgement before answering 503; providers time out at about 10 s. */
        @WithDefault("PT5S")
        Duration timeout();

        /** The Retry-After sent with a 503. */
        @WithDefault("PT10S")
        Duration retryAfter();
    }

    interface Receivers {
        Receiver github();

        Receiver gitlab();

        @WithName("bitbucket-cloud")
        Receiver bitbucketCloud();

        @WithName("bitbucket-server")
        Receiver bitbucketServer();

        Receiver gitea();

        Receiver gogs();

        Receiver dockerhub();

        Receiver harbor();

        Receiver quay();

        Receiver distribution();

        Receiver ecr();

        Receiver acr();

        Receiver gar();
    }

    interface Receiver {
        /**
         * The shared secret: the HMAC key (GitHub, Bitbucket, Gitea, Gogs), the token header's expected value
         * (GitLab {@code X-Gitlab-Token}; Harbor, distribution and ECR {@code Authorization}), or the URL path token
         * (Docker Hub, Quay, ACR, Artifact Registry: {@code /webhooks/<provider>/<token>}).
         */
        Optional<String> secret();

        /**
         * Secrets for single repositories, keyed by canonical repository URL (Git) or {@code registry/repository}
         * (registries). A repository listed here accepts only its own secret.
         */
        Map<String, String> repositorySecrets();

        /** Harbor only: the registry host for Harbor 1.x payloads, which do not name it. */
        Optional<String> registry();

        /**
         * Bitbucket Server only: the server's base URL (e.g. {@code https://bitbucket.example.com}), to name the
         * repository of payloads that carry no {@code repository.links}.
         */
        Optional<String> baseUrl();
    }
}
