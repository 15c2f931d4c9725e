package dev.conveyor.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per repository, so that a push webhook, an Application's repoURL and an image-watcher commit name the
 * same repository with the same Kafka key.
 *
 * <p>Canonical form: {@code https://host[:port]/path} with the host in lower case, no credentials, no {@code .git}
 * suffix, no trailing slash. SSH forms ({@code git@host:owner/repo.git}, {@code ssh://git@host:22/owner/repo}) map to
 * the https form of the same host, because one repository is usually reachable both ways. {@code http://} stays http
 * (local and in-cluster Git servers). {@code file:} URLs are kept as they are apart from a trailing slash: their path
 * is the repository.
 */
public final class RepositoryUrls {

    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

    private RepositoryUrls() {
    }

    /**
     * Whether a configured URL (an Application's repoURL, a control repository, a write-back target) names the
     * repository an event names in canonical form. Paths compare without regard to case, as the Git hosts do.
     *
     * @throws IllegalArgumentException when {@code url} is not a repository URL (as {@link #canonical})
     */
    public static boolean names(String url, String canonicalFromEvent) {
        return canonical(url).equalsIgnoreCase(canonicalFromEvent);
    }

    public static String canonical(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("repository URL is empty");
        }
        String u = url.trim();
        if (u.startsWith("git+")) {
            u = u.substring(4);
        }
        if (u.startsWith("file:")) {
            return stripTrailingSlash(u);
        }
        if (!u.contains("://")) {
            Matcher scp = SCP_LIKE.matcher(u);
            if (scp.matches()) {
                return "https://" + scp.group(1).toLowerCase(Locale.ROOT) + "/" + cleanPath(scp.group(2));
            }
            throw new IllegalArgumentException("not a repository URL: " + redact(u));
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a repository URL: " + redact(u), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("repository URL has no host: " + redact(u));
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        String outScheme;
        switch (scheme) {
            case "https" -> {
                outScheme = "https";
                if (port == 443) port = -1;
            }
            case "http" -> {
                outScheme = "http";
                if (port == 80) port = -1;
            }
            case "ssh", "git" -> {
                // The SSH/git-protocol port says nothing about the web port: drop it.
                outScheme = "https";
                port = -1;
            }
            default -> throw new IllegalArgumentException("unsupported repository URL scheme " + scheme);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return outScheme + "://" + host + (port > 0 ? ":" + port : "") + "/" + cleanPath(path);
    }

    private static String cleanPath(String path) {
        String p = path;
        while (p.startsWith("/")) p = p.substring(1);
        p = stripTrailingSlash(p);
        if (p.endsWith(".git")) p = p.substring(0, p.length() - 4);
        return p;
    }

    private static String stripTrailingSlash(String s) {
        String r = s;
        while (r.endsWith("/") && r.length() > 1) r = r.substring(0, r.length() - 1);
        return r;
    }

    /** Error messages never carry credentials that a URL may hold. */
    private static String redact(String url) {
        return url.replaceAll("//[^/@]+@", "//***@");
    }
}
