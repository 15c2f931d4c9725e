package dev.conveyor.images.registry;

/**
 * What to present to a registry: nothing, a user name and password (basic, or exchanged for a bearer token at the
 * registry's token service), or a ready bearer token. {@link #toString()} never shows the secret.
 */
public sealed interface RegistryCredentials {

    RegistryCredentials ANONYMOUS = new Anonymous();

    record Anonymous() implements RegistryCredentials {
    }

    record Basic(String username, String password) implements RegistryCredentials {
        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    record Token(String token) implements RegistryCredentials {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }
}
