package dev.conveyor.images.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client of the Registry v2 / OCI distribution API over the JDK's HTTP client.
 *
 * <ul>
 *   <li>Auth: anonymous; basic; and the bearer-token flow Docker Hub, GHCR, Quay and Harbor use — a 401 carries a
 *   {@code WWW-Authenticate: Bearer realm=…,service=…,scope=…} challenge, the token service is asked (with the basic
 *   credentials when there are any) and the token is cached per registry and scope until it expires.</li>
 *   <li>Rate limits: every request takes one from a per-registry {@link RequestBudget}; a 429 pauses the registry for
 *   its {@code Retry-After} and the request is retried a bounded number of times.</li>
 *   <li>Caching: only what cannot change — manifests and config blobs by digest. Tags are always re-read.</li>
 * </ul>
 */
public final class DistributionRegistryClient implements RegistryClient {

    /**
     * @param timeout            per request
     * @param requestsPerMinute  the per-registry budget
     * @param maxBudgetWait      how long a request may wait for the budget before failing (retryable)
     * @param max429Retries      retries after a 429
     * @param maxRetryAfter      a longer Retry-After is not waited for: the call fails (retryable) and the next scan retries
     * @param insecureRegistries registries spoken to over plain HTTP (loopback ones always are)
     * @param pageSize           tags asked per page
     */
    public record Settings(Duration timeout, int requestsPerMinute, Duration maxBudgetWait, int max429Retries,
                           Duration maxRetryAfter, Set<String> insecureRegistries, int pageSize) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), 600, Duration.ofSeconds(30), 3, Duration.ofSeconds(60), Set.of(), 1000);
        }
    }

    /** Told of every response, for metrics: which registry, what kind of request, which status (0: no response). */
    public interface Observer {
        void response(String registry, String request, int status);
    }

    static final String ACCEPT_MANIFESTS = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int CACHE_LIMIT = 50_000;

    private final Settings settings;
    private final Observer observer;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Manifest> manifestsByDigest = new ConcurrentHashMap<>();
    private final Map<String, Optional<Instant>> createdByConfig = new ConcurrentHashMap<>();

    public DistributionRegistryClient(Settings settings, Observer observer, Clock clock) {
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL) // blob downloads redirect to storage
                .build();
    }

    @Override
    public List<String> tags(ImageRef image, RegistryCredentials credentials) throws RegistryException {
        List<String> all = new ArrayList<>();
        String next = "/v2/" + image.repository() + "/tags/list?n=" + settings.pageSize();
        int pages = 0;
        while (next != null) {
            if (++pages > 10_000) throw new RegistryException(image + ": tag list pagination does not end", false, 0);
            HttpResponse<byte[]> response = send(image, "GET", next, "application/json", credentials, "tags");
            if (response.statusCode() != 200) throw failure(image, "tags list", response);
            JsonNode body = parse(image, response);
            body.path("tags").forEach(t -> all.add(t.asText()));
            next = response.headers().firstValue("Link").map(DistributionRegistryClient::nextLink).orElse(null);
        }
        return all;
    }

    @Override
    public String digest(ImageRef image, String tag, RegistryCredentials credentials) throws RegistryException {
        HttpResponse<byte[]> response = send(image, "HEAD", "/v2/" + image.repository() + "/manifests/" + tag,
                ACCEPT_MANIFESTS, credentials, "manifest-head");
        if (response.statusCode() != 200) throw failure(image, "manifest " + tag, response);
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
        if (digest.isPresent()) return digest.get();
        // Some registries leave the header off HEAD answers: the digest is that of the bytes.
        return manifest(image, tag, null, credentials).map(ManifestInfo::digest)
                .orElseThrow(() -> new RegistryException(image + ":" + tag + " has no digest", false, 0));
    }

    @Override
    public Optional<ManifestInfo> manifest(ImageRef image, String reference, Platform platform,
                                           RegistryCredentials credentials) throws RegistryException {
        Manifest top = fetchManifest(image, reference, credentials);
        JsonNode entries = top.body().path("manifests");
        if (!entries.isArray()) {
            return Optional.of(new ManifestInfo(top.digest(), top.mediaType(), List.of(), top.digest(),
                    top.body().path("config").path("digest").asText(null)));
        }
        List<Platform> platforms = new ArrayList<>();
        String chosen = null;
        for (JsonNode entry : entries) {
            JsonNode p = entry.path("platform");
            String os = p.path("os").asText(""), arch = p.path("architecture").asText("");
            // BuildKit attaches attestation manifests as "unknown/unknown" entries: not a platform.
            if (os.isEmpty() || os.equals("unknown")) continue;
            String variant = p.path("variant").asText(null);
            platforms.add(new Platform(os, arch, variant));
            boolean matches = platform == null ? chosen == null : platform.matches(os, arch, variant);
            if (matches && chosen == null) chosen = entry.path("digest").asText();
        }
        if (chosen == null) return Optional.empty();
        Manifest image1 = fetchManifest(image, chosen, credentials);
        return Optional.of(new ManifestInfo(top.digest(), top.mediaType(), List.copyOf(platforms), image1.digest(),
                image1.body().path("config").path("digest").asText(null)));
    }

    @Override
    public Optional<Instant> created(ImageRef image, String configDigest, RegistryCredentials credentials)
            throws RegistryException {
        if (configDigest == null) return Optional.empty();
        Optional<Instant> cached = createdByConfig.get(configDigest);
        if (cached != null) return cached;
        HttpResponse<byte[]> response = send(image, "GET", "/v2/" + image.repository() + "/blobs/" + configDigest,
                "application/json, */*", credentials, "blob");
        if (response.statusCode() != 200) throw failure(image, "config blob " + configDigest, response);
        String created = parse(image, response).path("created").asText(null);
        Optional<Instant> value;
        try {
            value = created == null ? Optional.empty() : Optional.of(Instant.parse(created));
        } catch (DateTimeParseException e) {
            value = Optional.empty();
        }
        if (createdByConfig.size() < CACHE_LIMIT) createdByConfig.put(configDigest, value);
        return value;
    }

    private Manifest fetchManifest(ImageRef image, String reference, RegistryCredentials credentials)
            throws RegistryException {
        String key = image + "@" + reference;
        if (reference.startsWith("sha256:")) {
            Manifest cached = manifestsByDigest.get(key);
            if (cached != null) return cached;
        }
        HttpResponse<byte[]> response = send(image, "GET", "/v2/" + image.repository() + "/manifests/" + reference,
                ACCEPT_MANIFESTS, credentials, "manifest");
        if (response.statusCode() != 200) throw failure(image, "manifest " + reference, response);
        JsonNode body = parse(image, response);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(response.body()));
        String mediaType = body.path("mediaType").asText(
                response.headers().firstValue("Content-Type").orElse("application/vnd.oci.image.manifest.v1+json"));
        Manifest manifest = new Manifest(digest, mediaType, body);
        if (manifestsByDigest.size() < CACHE_LIMIT) manifestsByDigest.put(image + "@" + digest, manifest);
        return manifest;
    }

    /** One request with auth, budget and 429 handling. */
    private HttpResponse<byte[]> send(ImageRef image, String method, String pathAndQuery, String accept,
                                      RegistryCredentials credentials, String kind) throws RegistryException {
        URI uri = base(image).resolve(pathAndQuery);
        String scope = "repository:" + image.repository() + ":pull";
        String authorization = cachedAuthorization(image, scope, credentials);
        boolean authenticated = false;
        int retries429 = 0;
        while (true) {
            HttpResponse<byte[]> response = exchange(image, method, uri, accept, authorization, kind);
            int status = response.statusCode();
            if (status == 401 && !authenticated) {
                authenticated = true;
                Optional<AuthChallenge> challenge = response.headers().firstValue("WWW-Authenticate").flatMap(AuthChallenge::parse);
                if (challenge.isEmpty()) return response;
                authorization = authorize(image, challenge.get(), scope, credentials);
                continue;
            }
            if (status == 429 && retries429 < settings.max429Retries()) {
                retries429++;
                Duration wait = retryAfter(response).orElse(Duration.ofSeconds(1L << Math.min(retries429, 5)));
                if (wait.compareTo(settings.maxRetryAfter()) > 0) {
                    budget(image).pauseUntil(clock.instant().plus(wait));
                    throw new RegistryException(image + ": rate limited by the registry for " + wait.toSeconds()
                            + " s (Retry-After); the next scan retries", true, 429);
                }
                budget(image).pauseUntil(clock.instant().plus(wait));
                continue;
            }
            return response;
        }
    }

    private HttpResponse<byte[]> exchange(ImageRef image, String method, URI uri, String accept, String authorization,
                                          String kind) throws RegistryException {
        try {
            if (!budget(image).acquire(settings.maxBudgetWait())) {
                observer.response(image.registry(), kind, 0);
                throw new RegistryException(image.registry() + ": request budget of " + settings.requestsPerMinute()
                        + "/min exhausted; the next scan retries", true, 0);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", accept);
            if (authorization != null) request.header("Authorization", authorization);
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            observer.response(image.registry(), kind, response.statusCode());
            return response;
        } catch (IOException e) {
            observer.response(image.registry(), kind, 0);
            throw new RegistryException(image.registry() + ": " + kind + " request failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(image.registry() + ": interrupted", true, e);
        }
    }

    private String cachedAuthorization(ImageRef image, String scope, RegistryCredentials credentials) {
        if (credentials instanceof RegistryCredentials.Token t) return "Bearer " + t.token();
        CachedToken token = tokens.get(image.registry() + " " + scope);
        if (token != null && token.expires().isAfter(clock.instant())) return "Bearer " + token.token();
        return null;
    }

    private String authorize(ImageRef image, AuthChallenge challenge, String scope, RegistryCredentials credentials)
            throws RegistryException {
        if (credentials instanceof RegistryCredentials.Token) {
            throw new RegistryException(image.registry() + " rejected the configured bearer token", false, 401);
        }
        if (challenge.isBasic()) {
            if (credentials instanceof RegistryCredentials.Basic b) return basic(b);
            throw new RegistryException(image.registry() + " asks for basic credentials and none are configured", false, 401);
        }
        if (!challenge.isBearer() || challenge.param("realm") == null) {
            throw new RegistryException(image.registry() + ": unsupported auth challenge " + challenge.scheme(), false, 401);
        }
        String realm = challenge.param("realm");
        StringBuilder query = new StringBuilder();
        if (challenge.param("service") != null) query.append("service=").append(encode(challenge.param("service")));
        String wanted = challenge.param("scope") != null ? challenge.param("scope") : scope;
        query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(wanted));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        try {
            if (!budget(image).acquire(settings.maxBudgetWait())) {
                throw new RegistryException(image.registry() + ": request budget exhausted", true, 0);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(settings.timeout()).GET();
            if (credentials instanceof RegistryCredentials.Basic b) request.header("Authorization", basic(b));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            observer.response(image.registry(), "token", response.statusCode());
            if (response.statusCode() != 200) {
                throw new RegistryException(image.registry() + ": token service " + tokenUri.getHost() + " answered "
                        + response.statusCode(), response.statusCode() >= 500 || response.statusCode() == 429,
                        response.statusCode());
            }
            JsonNode body = json.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(null));
            if (token == null || token.isEmpty()) {
                throw new RegistryException(image.registry() + ": token service answered without a token", false, 200);
            }
            // Docker's token spec: 60 s when expires_in is absent; renew a little early.
            long seconds = Math.max(10, body.path("expires_in").asLong(60) - 5);
            tokens.put(image.registry() + " " + wanted, new CachedToken(token, clock.instant().plusSeconds(seconds)));
            return "Bearer " + token;
        } catch (IOException e) {
            observer.response(image.registry(), "token", 0);
            throw new RegistryException(image.registry() + ": token request failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(image.registry() + ": interrupted", true, e);
        }
    }

    private RequestBudget budget(ImageRef image) {
        return budgets.computeIfAbsent(image.registry(), r -> new RequestBudget(settings.requestsPerMinute(), clock));
    }

    private URI base(ImageRef image) {
        String host = image.apiHost();
        String bare = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        boolean plain = settings.insecureRegistries().contains(image.registry())
                || bare.equals("localhost") || bare.equals("127.0.0.1") || bare.equals("[::1]");
        return URI.create((plain ? "http://" : "https://") + host + "/");
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After");
        if (value.isEmpty()) return Optional.empty();
        String v = value.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }

    static String nextLink(String header) {
        Matcher m = NEXT_LINK.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private RegistryException failure(ImageRef image, String what, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String detail = "";
        try {
            JsonNode errors = json.readTree(response.body()).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                detail = ": " + errors.get(0).path("code").asText() + " " + errors.get(0).path("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not a registry error document
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        return new RegistryException(image + ": " + what + " answered " + status + detail, retryable, status);
    }

    private JsonNode parse(ImageRef image, HttpResponse<byte[]> response) throws RegistryException {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException(image + ": unreadable answer from " + response.uri().getPath(), false, e);
        }
    }

    private static String basic(RegistryCredentials.Basic b) {
        return "Basic " + Base64.getEncoder().encodeToString((b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Manifest(String digest, String mediaType, JsonNode body) {
    }

    private record CachedToken(String token, Instant expires) {
    }

    /** Read-only view for tests and metrics: how many immutable objects are cached. */
    public Map<String, Integer> cacheSizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("manifests", manifestsByDigest.size());
        sizes.put("configs", createdByConfig.size());
        return sizes;
    }
}
