package dev.conveyor.git.write;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
        return dev.conveyor.git.LocalGit.classify(e);
    }
}
