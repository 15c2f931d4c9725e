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
}
