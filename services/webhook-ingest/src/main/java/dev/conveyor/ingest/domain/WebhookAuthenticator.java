package dev.conveyor.ingest.domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies a webhook exactly as its provider documents it, before anything in the body is believed. A provider with no
 * secret configured is disabled: nothing unverified is ever accepted.
 */
public final class WebhookAuthenticator {

    private static final String SHA256_PREFIX = "sha256=";

    private final Map<Provider, ReceiverSecrets> secrets;

    public WebhookAuthenticator(Map<Provider, ReceiverSecrets> secrets) {
        this.secrets = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
            this.secrets.put(p, secrets.getOrDefault(p, ReceiverSecrets.none()));
        }
    }

    public boolean enabled(Provider provider) {
        return secrets.get(provider).configured();
    }

    public ReceiverSecrets secretsOf(Provider provider) {
        return secrets.get(provider);
    }

    /**
     * Finds the configured secret that authenticates this request.
     *
     * @param pathToken the token from the URL path, for providers that cannot sign
     * @return the secret that matched, or empty when none did (answer 401)
     */
    public Optional<String> authenticate(WebhookRequest request, Optional<String> pathToken) {
        Provider provider = request.provider();
        for (String candidate : candidates(secrets.get(provider))) {
            if (matches(provider, candidate, request, pathToken)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<String> candidates(ReceiverSecrets s) {
        List<String> all = new ArrayList<>();
        s.defaultSecret().ifPresent(all::add);
        s.perRepository().values().stream().filter(v -> !all.contains(v)).forEach(all::add);
        return all;
    }

    private static boolean matches(Provider provider, String secret, WebhookRequest request, Optional<String> pathToken) {
        return switch (provider.auth()) {
            case HMAC_SHA256_PREFIXED -> request.headers().get(provider.authHeader())
                    .filter(v -> v.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length()))
                    .map(v -> Signatures.hmacMatches(secret, request.body(), v.substring(SHA256_PREFIX.length())))
                    .orElse(false);
            case HMAC_SHA256_HEX -> request.headers().get(provider.authHeader())
                    .map(v -> Signatures.hmacMatches(secret, request.body(), v))
                    .orElse(false);
            case TOKEN_HEADER -> request.headers().get(provider.authHeader())
                    .map(v -> Signatures.tokenMatches(secret, v))
                    .orElse(false);
            case PATH_TOKEN -> pathToken.map(t -> Signatures.tokenMatches(secret, t)).orElse(false);
        };
    }
}
