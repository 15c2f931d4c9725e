package dev.conveyor.ingest.normalise;

import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.Provider;

import java.util.Objects;
import java.util.Optional;

/** The normaliser of each provider. */
public final class Normalisers {

    private Normalisers() {
    }

    /**
     * @param provider       the webhook sender
     * @param harborRegistry registry host to use for Harbor payloads that do not name one (Harbor 1.x legacy shape);
     *                       configuration key {@value HarborNormaliser#REGISTRY_CONFIG_KEY}
     */
    public static Normaliser forProvider(Provider provider, Optional<String> harborRegistry) {
        return forProvider(provider, harborRegistry, Optional.empty());
    }

    /**
     * @param bitbucketServerUrl base URL of the Bitbucket Server, for payloads without repository links; configuration
     *                           key {@value BitbucketServerNormaliser#BASE_URL_CONFIG_KEY}
     */
    public static Normaliser forProvider(Provider provider, Optional<String> harborRegistry, Optional<String> bitbucketServerUrl) {
        Objects.requireNonNull(provider, "provider");
        return switch (provider) {
            case GITHUB -> new GitHubNormaliser();
            case GITLAB -> new GitLabNormaliser();
            case BITBUCKET_CLOUD -> new BitbucketCloudNormaliser();
            case BITBUCKET_SERVER -> new BitbucketServerNormaliser(bitbucketServerUrl);
            case GITEA, GOGS -> new GiteaNormaliser();
            case DOCKERHUB -> new DockerHubNormaliser();
            case HARBOR -> new HarborNormaliser(harborRegistry == null ? Optional.empty() : harborRegistry);
            case QUAY -> new QuayNormaliser();
            case DISTRIBUTION -> new DistributionNormaliser();
            case ECR -> new EcrNormaliser();
            case ACR -> new AcrNormaliser();
            case GAR -> new GarNormaliser();
        };
    }
}
