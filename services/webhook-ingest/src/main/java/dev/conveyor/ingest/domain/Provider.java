package dev.conveyor.ingest.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The webhook senders webhook-ingest understands (GitHub's receiver also takes GHCR {@code package} events, which
 * GitHub delivers to the same webhook),  with how each one authenticates and names its deliveries, exactly as
 * each provider documents it (see ../shared/fixtures/webhooks/SOURCES.md).
 */
public enum Provider {
    GITHUB("github", Auth.HMAC_SHA256_PREFIXED, "X-Hub-Signature-256", "X-GitHub-Delivery"),
    GITLAB("gitlab", Auth.TOKEN_HEADER, "X-Gitlab-Token", "X-Gitlab-Event-UUID"),
    BITBUCKET_CLOUD("bitbucket-cloud", Auth.HMAC_SHA256_PREFIXED, "X-Hub-Signature", "X-Request-UUID"),
    BITBUCKET_SERVER("bitbucket-server", Auth.HMAC_SHA256_PREFIXED, "X-Hub-Signature", "X-Request-Id"),
    GITEA("gitea", Auth.HMAC_SHA256_HEX, "X-Gitea-Signature", "X-Gitea-Delivery"),
    GOGS("gogs", Auth.HMAC_SHA256_HEX, "X-Gogs-Signature", "X-Gogs-Delivery"),
    DOCKERHUB("dockerhub", Auth.PATH_TOKEN, null, null),
    HARBOR("harbor", Auth.TOKEN_HEADER, "Authorization", null),
    QUAY("quay", Auth.PATH_TOKEN, null, null),
    DISTRIBUTION("distribution", Auth.TOKEN_HEADER, "Authorization", null),
    ECR("ecr", Auth.TOKEN_HEADER, "Authorization", null),
    ACR("acr", Auth.PATH_TOKEN, null, null),
    GAR("gar", Auth.PATH_TOKEN, null, null);

    /** How a provider proves a request is genuine. */
    public enum Auth {
        /** {@code <header>: sha256=<hex HMAC-SHA256(secret, raw body)>} (GitHub, Bitbucket). */
        HMAC_SHA256_PREFIXED,
        /** {@code <header>: <hex HMAC-SHA256(secret, raw body)>} without prefix (Gitea, Gogs). */
        HMAC_SHA256_HEX,
        /** The configured secret sent verbatim in a header, compared in constant time (GitLab, Harbor, registries). */
        TOKEN_HEADER,
        /** Providers that cannot sign: an unguessable token in the URL path ({@code /webhooks/dockerhub/<token>}). */
        PATH_TOKEN
    }

    private final String id;
    private final Auth auth;
    private final String authHeader;
    private final String deliveryIdHeader;

    Provider(String id, Auth auth, String authHeader, String deliveryIdHeader) {
        this.id = id;
        this.auth = auth;
        this.authHeader = authHeader;
        this.deliveryIdHeader = deliveryIdHeader;
    }

    /** The path segment and the {@code provider} value in events, e.g. {@code bitbucket-cloud}. */
    public String id() {
        return id;
    }

    public Auth auth() {
        return auth;
    }

    /** The header that carries the signature or token; null for {@link Auth#PATH_TOKEN}. */
    public String authHeader() {
        return authHeader;
    }

    /** The header naming the delivery (stable across the provider's redeliveries), if the provider sends one. */
    public Optional<String> deliveryIdHeader() {
        return Optional.ofNullable(deliveryIdHeader);
    }

    public static Optional<Provider> ofId(String id) {
        if (id == null) return Optional.empty();
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
