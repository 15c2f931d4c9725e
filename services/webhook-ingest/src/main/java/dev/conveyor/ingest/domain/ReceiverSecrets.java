package dev.conveyor.ingest.domain;

import java.util.Map;
import java.util.Optional;

/**
 * The secrets of one receiver: a default one, and optionally one per repository (Git) or image (registry), keyed by
 * canonical repository URL or {@code registry/repository}. A repository with its own secret accepts only that secret.
 * Never logged: {@link #toString()} says only what is configured.
 */
public record ReceiverSecrets(Optional<String> defaultSecret, Map<String, String> perRepository) {

    public ReceiverSecrets {
        defaultSecret = defaultSecret.filter(s -> !s.isBlank());
        perRepository = Map.copyOf(perRepository);
    }

    public static ReceiverSecrets none() {
        return new ReceiverSecrets(Optional.empty(), Map.of());
    }

    public static ReceiverSecrets of(String secret) {
        return new ReceiverSecrets(Optional.of(secret), Map.of());
    }

    public boolean configured() {
        return defaultSecret.isPresent() || !perRepository.isEmpty();
    }

    /** The secret that must have signed an event about {@code key}. */
    public Optional<String> secretFor(String key) {
        String own = perRepository.get(key);
        return own != null ? Optional.of(own) : defaultSecret;
    }

    @Override
    public String toString() {
        return "ReceiverSecrets[default=" + (defaultSecret.isPresent() ? "set" : "unset")
                + ", repositories=" + perRepository.keySet() + "]";
    }
}
