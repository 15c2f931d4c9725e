package dev.conveyor.git;

import java.util.Optional;

/**
 * Finds the credentials for a repository URL (as the caller wrote it). Called on every remote operation, so rotated
 * secrets take effect at the next fetch.
 */
@FunctionalInterface
public interface CredentialsLookup {

    /** No credentials for any repository: anonymous access, or credentials carried by the URL itself. */
    CredentialsLookup NONE = url -> Optional.empty();

    Optional<Credentials> lookup(String url);

    /**
     * Credentials by repository URL prefix, compared in canonical form ({@code https://host/org} covers every
     * repository of the organisation, whatever the URL's spelling); the longest matching prefix wins.
     */
    static CredentialsLookup byPrefix(java.util.Map<String, Credentials> byPrefix) {
        if (byPrefix.isEmpty()) return NONE;
        java.util.Map<String, Credentials> canonical = new java.util.LinkedHashMap<>();
        byPrefix.forEach((prefix, c) -> canonical.put(dev.conveyor.events.RepositoryUrls.canonical(prefix), c));
        return url -> {
            String key = dev.conveyor.events.RepositoryUrls.canonical(url);
            return canonical.entrySet().stream()
                    .filter(e -> key.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .map(java.util.Map.Entry::getValue);
        };
    }
}
