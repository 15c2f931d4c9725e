package dev.conveyor.ingest;

import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.Signatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds webhook requests the way each provider sends them (headers and signature scheme from
 * ../shared/fixtures/webhooks/SOURCES.md), with the secrets of the test profile in application.properties, and sends
 * them over real HTTP with the exact bytes.
 */
public final class SignedWebhooks {

    public static final Map<Provider, String> SECRETS = Map.ofEntries(
            Map.entry(Provider.GITHUB, "It's a Secret to Everybody"),
            Map.entry(Provider.GITLAB, "gitlab-token-0123"),
            Map.entry(Provider.BITBUCKET_CLOUD, "bitbucket-cloud-secret"),
            Map.entry(Provider.BITBUCKET_SERVER, "bitbucket-server-secret"),
            Map.entry(Provider.GITEA, "gitea-secret"),
            Map.entry(Provider.GOGS, "gogs-secret"),
            Map.entry(Provider.DOCKERHUB, "dockerhub-path-token-0123456789"),
            Map.entry(Provider.HARBOR, "Bearer harbor-auth-header-value"),
            Map.entry(Provider.QUAY, "quay-path-token-0123456789"),
            Map.entry(Provider.DISTRIBUTION, "Bearer distribution-token"),
            Map.entry(Provider.ECR, "Basic ZWNyOmFwaS1rZXk="),
            Map.entry(Provider.ACR, "acr-path-token-0123456789"),
            Map.entry(Provider.GAR, "gar-path-token-0123456789"));

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private SignedWebhooks() {
    }

    /** A request: where it goes, its headers, its exact body. Tests tamper with copies of it. */
    public record Webhook(Provider provider, String path, Map<String, String> headers, byte[] body) {

        public Webhook withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            if (value == null) h.remove(name); else h.put(name, value);
            return new Webhook(provider, path, h, body);
        }

        public Webhook withBody(byte[] newBody) {
            return new Webhook(provider, path, headers, newBody);
        }

        public Webhook withPath(String newPath) {
            return new Webhook(provider, newPath, headers, body);
        }

        /** Re-signs the current body with {@code secret} (for providers that sign). */
        public Webhook signedWith(String secret) {
            return switch (provider.auth()) {
                case HMAC_SHA256_PREFIXED -> withHeader(provider.authHeader(), "sha256=" + Signatures.hmacSha256Hex(secret, body));
                case HMAC_SHA256_HEX -> withHeader(provider.authHeader(), Signatures.hmacSha256Hex(secret, body));
                case TOKEN_HEADER -> withHeader(provider.authHeader(), secret);
                case PATH_TOKEN -> withPath("/webhooks/" + provider.id() + "/" + secret);
            };
        }

        public HttpResponse<String> send(URI base) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            try {
                return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static Path fixturesDir() {
        return Path.of(System.getProperty("conveyor.fixtures.dir", "../../../shared/fixtures/webhooks"));
    }

    public static byte[] fixture(String relative) {
        try {
            return Files.readAllBytes(fixturesDir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request a provider sends for fixture {@code <dir>/<file>}, correctly signed, with a fresh delivery id. */
    public static Webhook forFixture(String relative) {
        String dir = relative.substring(0, relative.indexOf('/'));
        String file = relative.substring(relative.indexOf('/') + 1);
        Provider provider = Provider.ofId(switch (dir) {
            case "google-artifact-registry" -> "gar";
            case "azure-acr" -> "acr";
            default -> dir;
        }).orElseThrow();
        byte[] body = fixture(relative);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        String delivery = UUID.randomUUID().toString();
        switch (provider) {
            case GITHUB -> {
                h.put("X-GitHub-Event", eventOf(file));
                h.put("X-GitHub-Delivery", delivery);
                h.put("User-Agent", "GitHub-Hookshot/044aadd");
            }
            case GITLAB -> {
                h.put("X-Gitlab-Event", file.startsWith("tag-push-hook") ? "Tag Push Hook"
                        : file.startsWith("system-hook") ? "System Hook" : "Push Hook");
                h.put("X-Gitlab-Event-UUID", delivery);
            }
            case BITBUCKET_CLOUD -> {
                h.put("X-Event-Key", "repo:push");
                h.put("X-Request-UUID", delivery);
            }
            case BITBUCKET_SERVER -> {
                h.put("X-Event-Key", "repo:refs_changed");
                h.put("X-Request-Id", delivery);
            }
            case GITEA -> {
                h.put("X-Gitea-Event", eventOf(file));
                h.put("X-Gitea-Delivery", delivery);
            }
            case GOGS -> {
                h.put("X-Gogs-Event", "push");
                h.put("X-Gogs-Delivery", delivery);
            }
            case HARBOR -> {
                if (file.contains("cloudevents")) h.put("Content-Type", "application/cloudevents+json");
            }
            case DISTRIBUTION -> h.put("Content-Type", file.contains("v1-mediatype")
                    ? "application/vnd.docker.distribution.events.v1+json"
                    : "application/vnd.docker.distribution.events.v2+json");
            case GAR -> body = pubSubEnvelope(body);
            default -> {
            }
        }
        Webhook unsigned = new Webhook(provider, "/webhooks/" + provider.id(), h, body);
        return unsigned.signedWith(SECRETS.get(provider));
    }

    /** Fixture files are named after the event header value: {@code push-force.argocd.json} is a push. */
    private static String eventOf(String file) {
        int end = 0;
        while (end < file.length() && file.charAt(end) != '-' && file.charAt(end) != '.') end++;
        return file.substring(0, end);
    }

    /** Artifact Registry notifications arrive through a Pub/Sub push subscription: the fixture is the decoded data. */
    public static byte[] pubSubEnvelope(byte[] data) {
        String json = "{\"message\":{\"data\":\"" + Base64.getEncoder().encodeToString(data)
                + "\",\"attributes\":{},\"messageId\":\"2070443601311540\",\"publishTime\":\"2026-11-25T10:15:30.000Z\"},"
                + "\"subscription\":\"projects/my-project/subscriptions/conveyor\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
