package dev.conveyor.git.write;

import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.transport.URIish;

import dev.conveyor.git.Credentials;
import dev.conveyor.git.GitException;

/**
 * Turns JGit's remote failures into {@link GitException}s with a reason and no secrets (the same rules as
 * {@code RepositoryCache}, whose helpers are private to it).
 */
final class RemoteFailures {

    private RemoteFailures() {
    }

    /** Everything to mask in messages about {@code url}: the looked-up secret and a password in the URL itself. */
    static List<String> secretsOf(String url, Optional<Credentials> credentials) {
        List<String> secrets = new ArrayList<>();
        credentials.ifPresent(c -> secrets.add(c.secret()));
        try {
            String pass = new URIish(url).getPass();
            if (pass != null) {
                secrets.add(pass);
            }
        } catch (URISyntaxException e) {
            // JGit will fail on it and say so; user info in URLs is masked by pattern anyway.
        }
        return secrets;
    }

    static GitException of(String operation, String repository, Exception e, Collection<String> secrets) {
        GitException.Reason reason = classify(e);
        StringBuilder detail = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && detail.indexOf(c.getMessage()) < 0) {
                detail.append(": ").append(c.getMessage());
            }
        }
        return new GitException(reason, operation + " " + repository + " failed"
                + (reason == GitException.Reason.TIMEOUT ? " (timeout)" : "") + ": " + detail, e, secrets);
    }

    static GitException.Reason classify(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InterruptedIOException) {
                return GitException.Reason.TIMEOUT;
            }
            String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (msg.contains("timed out") || msg.contains("timeout")) {
                return GitException.Reason.TIMEOUT;
            }
            if (msg.contains("not authorized") || msg.contains("authentication") || msg.contains("auth fail")
                    || msg.contains("forbidden")) {
                return GitException.Reason.AUTHENTICATION;
            }
            if (c instanceof NoRemoteRepositoryException) {
                return GitException.Reason.REMOTE;
            }
            if (c instanceof NotSupportedException || c instanceof URISyntaxException) {
                return GitException.Reason.INVALID_ARGUMENT;
            }
        }
        return GitException.Reason.REMOTE;
    }
}
