package dev.conveyor.git;

import java.util.Objects;

/**
 * HTTP(S) credentials for one remote. {@link #toString()} never shows the secret.
 *
 * @param username the user name; for a token, whatever the host expects ({@link #token(String)} uses
 *                 {@code x-access-token}, accepted by GitHub; GitLab and Gitea accept any non-empty name)
 * @param secret   the password or token
 */
public record Credentials(String username, String secret) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, password);
    }

    /** A token sent as the password of a fixed user name, the form Git hosts accept for HTTPS access tokens. */
    public static Credentials token(String token) {
        return new Credentials("x-access-token", token);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=***]";
    }
}
