package dev.conveyor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>A simulation</b> of a container registry, for machines without Debian's {@code docker-registry}: an in-memory
 * HTTP server on 127.0.0.1 only that serves the part of the OCI Distribution (Registry v2) API the local stack uses,
 * and — like docker-registry configured with {@code notifications.endpoints} — POSTs the registry's notification
 * envelope for what happened to a configured endpoint. It is not a registry: nothing is persisted, there is no
 * authentication, garbage collection, deletion, Docker schema 1, chunk-range checking or content negotiation, and
 * images pushed to it cannot be pulled by a container runtime that is not on this machine.
 *
 * <p>The API served is what its two users need: the test kit's {@code ImagePusher} (blob upload: {@code POST}, then
 * {@code PUT ?digest=}, with {@code PATCH} chunks and single-request {@code POST ?digest=} uploads too; manifest and
 * index {@code PUT}, which, as the real registry does, refuses a manifest whose blobs or child manifests are not in the
 * repository) and the image-watcher's {@code DistributionRegistryClient} ({@code GET /v2/}, {@code tags/list} with
 * {@code n}/{@code last} paging and a {@code Link} header, manifest {@code HEAD}/{@code GET} with
 * {@code Docker-Content-Digest}, blob {@code HEAD}/{@code GET}). Errors use the registry's error codes
 * ({@code NAME_UNKNOWN}, {@code MANIFEST_UNKNOWN}, {@code BLOB_UNKNOWN}, {@code DIGEST_INVALID},
 * {@code MANIFEST_BLOB_UNKNOWN}, ...).
 *
 * <p>Notifications are what docker-registry 2.8 (Debian's) sends, captured from it and reproduced field for field:
 * one envelope {@code {"events":[...]}} per event, {@code Content-Type: application/vnd.docker.distribution.events.v1+json},
 * the configured headers (e.g. {@code Authorization}); a {@code push} event for every blob upload (media type
 * {@code application/octet-stream}) and every manifest put (with {@code target.tag} when pushed by tag), a
 * {@code pull} event for every manifest and blob read, a {@code mount} event for a cross-repository mount; each with
 * {@code target} (mediaType, size, digest, length, repository, url[, tag]), {@code request} (id, addr, host — the
 * Host the client addressed, which is the image's registry —, method, useragent), {@code actor} and {@code source}
 * (addr, instanceID). They are delivered in order from one queue; a delivery counts when the endpoint answers
 * 2xx or 3xx, as in the registry; a failed one is retried every 200 ms, at most 25 times (the registry retries without
 * end), and then dropped with a line on stderr.
 */
public final class SimulatedRegistry implements LocalRegistry {

    /** The Content-Type of docker-registry 2.8's notifications. */
    public static final String EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    private static final String BLOB_MEDIA_TYPE = "application/octet-stream";
    private static final Pattern ROUTE = Pattern.compile(
            "^/v2/(.+)/(tags/list|manifests/([^/]+)|blobs/uploads/([^/]*)|blobs/([^/]+))$");
    /** The registry's repository name grammar. */
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_ATTEMPTS = 25;
    private static final Duration BACKOFF = Duration.ofMillis(200);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService deliveries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI notificationEndpoint;
    private final Map<String, String> notificationHeaders;
    private final String instanceId = UUID.randomUUID().toString();
    private final String sourceAddr;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger undelivered = new AtomicInteger();

    /** Guarded by itself: blobs and manifests by {@code repository@digest}, tags by repository. */
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final Map<String, Manifest> manifests = new HashMap<>();
    private final Map<String, NavigableMap<String, String>> tags = new HashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private record Manifest(String mediaType, byte[] bytes) {
    }

    private static final class Upload {
        final String repository;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Upload(String repository) {
            this.repository = repository;
        }
    }

    private SimulatedRegistry(URI notificationEndpoint, Map<String, String> notificationHeaders) throws IOException {
        this.notificationEndpoint = notificationEndpoint;
        this.notificationHeaders = Map.copyOf(notificationHeaders);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        handlers = Executors.newFixedThreadPool(4, daemon("simulated-registry-http"));
        deliveries = Executors.newSingleThreadExecutor(daemon("simulated-registry-notify"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        sourceAddr = hostname() + ":" + server.getAddress().getPort();
        server.start();
    }

    /**
     * Starts a simulated registry on 127.0.0.1 (a free port) that POSTs its notifications to {@code endpoint} with
     * {@code headers} (e.g. {@code Authorization}), or sends none when {@code endpoint} is null.
     */
    public static SimulatedRegistry start(URI endpoint, Map<String, String> headers) throws IOException {
        return new SimulatedRegistry(endpoint, headers == null ? Map.of() : headers);
    }

    @Override
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public URI baseUri() {
        return URI.create("http://" + host() + "/");
    }

    /** Notifications the endpoint accepted so far. */
    public int notificationsDelivered() {
        return delivered.get();
    }

    /** Notifications dropped after {@value #MAX_ATTEMPTS} failed attempts. */
    public int notificationsUndelivered() {
        return undelivered.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) deliveries.shutdownNow();
        } catch (InterruptedException e) {
            deliveries.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // --- the API -----------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) {
        try {
            route(ex);
        } catch (Exception e) {
            try {
                error(ex, 500, "UNKNOWN", "unknown error", e.toString());
            } catch (IOException ignored) {
                // the client went away
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (path.equals("/v2/") || path.equals("/v2")) {
            if (!isRead(method)) {
                unsupported(ex);
                return;
            }
            respond(ex, 200, Map.of("Content-Type", "application/json; charset=utf-8"), "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) {
            respond(ex, 404, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    "404 page not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String name = m.group(1);
        if (!NAME.matcher(name).matches()) {
            error(ex, 400, "NAME_INVALID", "invalid repository name", name);
            return;
        }
        if (m.group(2).equals("tags/list")) {
            if (isRead(method)) tagsList(ex, name);
            else unsupported(ex);
        } else if (m.group(3) != null) {
            String reference = m.group(3);
            if (method.equals("PUT")) putManifest(ex, name, reference);
            else if (isRead(method)) getManifest(ex, name, reference);
            else unsupported(ex);
        } else if (m.group(4) != null) {
            upload(ex, name, m.group(4));
        } else {
            if (isRead(method)) getBlob(ex, name, m.group(5));
            else unsupported(ex);
        }
    }

    private void tagsList(HttpExchange ex, String name) throws IOException {
        Map<String, String> query = query(ex);
        List<String> page = new ArrayList<>();
        boolean more;
        synchronized (blobs) {
            NavigableMap<String, String> all = tags.get(name);
            if (all == null) {
                error(ex, 404, "NAME_UNKNOWN", "repository name not known to registry", Map.of("name", name));
                return;
            }
            int n = query.containsKey("n") ? parseInt(query.get("n")) : 0;
            String last = query.get("last");
            NavigableMap<String, String> after = last == null ? all : all.tailMap(last, false);
            for (String tag : after.keySet()) {
                if (n > 0 && page.size() == n) break;
                page.add(tag);
            }
            more = n > 0 && after.size() > page.size();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        if (more) {
            headers.put("Link", "</v2/" + name + "/tags/list?last=" + page.get(page.size() - 1) + "&n=" + page.size()
                    + ">; rel=\"next\"");
        }
        ObjectNode body = json.createObjectNode().put("name", name);
        ArrayNode list = body.putArray("tags");
        page.forEach(list::add);
        respond(ex, 200, headers, json.writeValueAsBytes(body));
    }

    private void putManifest(HttpExchange ex, String name, String reference) throws IOException {
        boolean byDigest = reference.startsWith("sha256:");
        if (byDigest ? !DIGEST.matcher(reference).matches() : !TAG.matcher(reference).matches()) {
            error(ex, 400, byDigest ? "DIGEST_INVALID" : "TAG_INVALID", "invalid reference", reference);
            return;
        }
        byte[] bytes = ex.getRequestBody().readAllBytes();
        JsonNode manifest;
        try {
            manifest = json.readTree(bytes);
        } catch (IOException e) {
            error(ex, 400, "MANIFEST_INVALID", "manifest invalid", e.getMessage());
            return;
        }
        if (manifest == null || !manifest.isObject() || manifest.path("schemaVersion").asInt() != 2) {
            error(ex, 400, "MANIFEST_INVALID", "manifest invalid", "only schemaVersion 2 manifests and indexes are simulated");
            return;
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String mediaType = manifest.path("mediaType").asText(
                contentType == null ? "" : contentType.split(";")[0].trim());
        if (mediaType.isEmpty()) {
            error(ex, 400, "MANIFEST_INVALID", "manifest invalid", "no mediaType and no Content-Type");
            return;
        }
        String digest = sha256(bytes);
        if (byDigest && !reference.equals(digest)) {
            error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", reference);
            return;
        }
        synchronized (blobs) {
            String missing = missingReference(name, manifest);
            if (missing != null) {
                error(ex, 400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry", missing);
                return;
            }
            manifests.put(name + "@" + digest, new Manifest(mediaType, bytes));
            if (!byDigest) tags.computeIfAbsent(name, k -> new TreeMap<>()).put(reference, digest);
        }
        String location = "/v2/" + name + "/manifests/" + digest;
        respond(ex, 201, Map.of("Location", absolute(ex, location), "Docker-Content-Digest", digest), null);
        notify(ex, "push", name, mediaType, bytes.length, digest, location, byDigest ? null : reference);
    }

    /** A blob (config, layer) or child manifest the manifest names that the repository lacks, or null. */
    private String missingReference(String name, JsonNode manifest) {
        if (manifest.path("manifests").isArray()) {
            for (JsonNode child : manifest.path("manifests")) {
                String d = child.path("digest").asText("");
                if (!manifests.containsKey(name + "@" + d)) return d;
            }
            return null;
        }
        List<String> referenced = new ArrayList<>();
        if (manifest.has("config")) referenced.add(manifest.path("config").path("digest").asText(""));
        manifest.path("layers").forEach(l -> referenced.add(l.path("digest").asText("")));
        for (String d : referenced) if (!blobs.containsKey(name + "@" + d)) return d;
        return null;
    }

    private void getManifest(HttpExchange ex, String name, String reference) throws IOException {
        boolean byDigest = reference.startsWith("sha256:");
        String digest;
        Manifest manifest;
        synchronized (blobs) {
            digest = byDigest ? reference : tags.getOrDefault(name, new TreeMap<>()).get(reference);
            manifest = digest == null ? null : manifests.get(name + "@" + digest);
        }
        if (manifest == null) {
            error(ex, 404, "MANIFEST_UNKNOWN", "manifest unknown", byDigest ? Map.of("Revision", reference) : Map.of("Tag", reference));
            return;
        }
        respond(ex, 200, Map.of("Content-Type", manifest.mediaType(), "Docker-Content-Digest", digest,
                "Etag", "\"" + digest + "\""), manifest.bytes());
        notify(ex, "pull", name, manifest.mediaType(), manifest.bytes().length, digest,
                "/v2/" + name + "/manifests/" + digest, byDigest ? null : reference);
    }

    private void getBlob(HttpExchange ex, String name, String digest) throws IOException {
        if (!DIGEST.matcher(digest).matches()) {
            error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", digest);
            return;
        }
        byte[] blob;
        synchronized (blobs) {
            blob = blobs.get(name + "@" + digest);
        }
        if (blob == null) {
            error(ex, 404, "BLOB_UNKNOWN", "blob unknown to registry", digest);
            return;
        }
        respond(ex, 200, Map.of("Content-Type", BLOB_MEDIA_TYPE, "Docker-Content-Digest", digest,
                "Etag", "\"" + digest + "\"", "Accept-Ranges", "bytes"), blob);
        notify(ex, "pull", name, BLOB_MEDIA_TYPE, blob.length, digest, "/v2/" + name + "/blobs/" + digest, null);
    }

    private void upload(HttpExchange ex, String name, String id) throws IOException {
        String method = ex.getRequestMethod();
        Map<String, String> query = query(ex);
        if (id.isEmpty()) {
            if (!method.equals("POST")) {
                unsupported(ex);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            if (query.containsKey("mount") && query.containsKey("from")) {
                String digest = query.get("mount");
                byte[] blob;
                synchronized (blobs) {
                    blob = blobs.get(query.get("from") + "@" + digest);
                    if (blob != null) blobs.put(name + "@" + digest, blob);
                }
                if (blob != null) {
                    String location = "/v2/" + name + "/blobs/" + digest;
                    respond(ex, 201, Map.of("Location", absolute(ex, location), "Docker-Content-Digest", digest), null);
                    notify(ex, "mount", name, BLOB_MEDIA_TYPE, blob.length, digest, location, null);
                    return;
                }
                // as the registry does: a failed mount starts an ordinary upload
            } else if (query.containsKey("digest")) {
                finish(ex, name, query.get("digest"), body);
                return;
            }
            String uuid = UUID.randomUUID().toString();
            uploads.put(uuid, new Upload(name));
            respond(ex, 202, Map.of("Location", absolute(ex, "/v2/" + name + "/blobs/uploads/" + uuid),
                    "Docker-Upload-UUID", uuid, "Range", "0-0"), null);
            return;
        }
        Upload upload = uploads.get(id);
        if (upload == null || !upload.repository.equals(name)) {
            error(ex, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", id);
            return;
        }
        switch (method) {
            case "PATCH" -> {
                int size;
                synchronized (upload) {
                    upload.bytes.write(ex.getRequestBody().readAllBytes());
                    size = upload.bytes.size();
                }
                respond(ex, 202, Map.of("Location", absolute(ex, "/v2/" + name + "/blobs/uploads/" + id),
                        "Docker-Upload-UUID", id, "Range", "0-" + Math.max(0, size - 1)), null);
            }
            case "PUT" -> {
                byte[] all;
                synchronized (upload) {
                    upload.bytes.write(ex.getRequestBody().readAllBytes());
                    all = upload.bytes.toByteArray();
                }
                if (finish(ex, name, query.get("digest"), all)) uploads.remove(id);
            }
            case "GET", "HEAD" -> {
                int size;
                synchronized (upload) {
                    size = upload.bytes.size();
                }
                respond(ex, 204, Map.of("Docker-Upload-UUID", id, "Range", "0-" + Math.max(0, size - 1)), null);
            }
            case "DELETE" -> {
                uploads.remove(id);
                respond(ex, 204, Map.of(), null);
            }
            default -> unsupported(ex);
        }
    }

    /** Completes an upload: checks the digest, stores the blob, answers 201 and notifies. False if refused. */
    private boolean finish(HttpExchange ex, String name, String digest, byte[] content) throws IOException {
        if (digest == null || !DIGEST.matcher(digest).matches() || !digest.equals(sha256(content))) {
            error(ex, 400, "DIGEST_INVALID", "provided digest did not match uploaded content", String.valueOf(digest));
            return false;
        }
        synchronized (blobs) {
            blobs.put(name + "@" + digest, content);
        }
        String location = "/v2/" + name + "/blobs/" + digest;
        respond(ex, 201, Map.of("Location", absolute(ex, location), "Docker-Content-Digest", digest), null);
        notify(ex, "push", name, BLOB_MEDIA_TYPE, content.length, digest, location, null);
        return true;
    }

    // --- notifications -----------------------------------------------------------------------------------------

    /** Queues the notification docker-registry would send for this request (nothing when no endpoint is set). */
    private void notify(HttpExchange ex, String action, String repository, String mediaType, long size, String digest,
                        String path, String tag) {
        if (notificationEndpoint == null) return;
        ObjectNode event = json.createObjectNode();
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        event.put("action", action);
        ObjectNode target = event.putObject("target");
        target.put("mediaType", mediaType);
        target.put("size", size);
        target.put("digest", digest);
        target.put("length", size);
        target.put("repository", repository);
        target.put("url", absolute(ex, path));
        if (tag != null) target.put("tag", tag);
        ObjectNode request = event.putObject("request");
        request.put("id", UUID.randomUUID().toString());
        InetSocketAddress remote = ex.getRemoteAddress();
        request.put("addr", remote.getAddress().getHostAddress() + ":" + remote.getPort());
        request.put("host", requestHost(ex));
        request.put("method", ex.getRequestMethod());
        request.put("useragent", String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
        event.putObject("actor");
        ObjectNode source = event.putObject("source");
        source.put("addr", sourceAddr);
        source.put("instanceID", instanceId);
        ObjectNode envelope = json.createObjectNode();
        envelope.putArray("events").add(event);
        byte[] body;
        try {
            body = json.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            deliveries.execute(() -> deliver(body, action + " " + repository + (tag == null ? "@" + digest : ":" + tag)));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // stopped: nothing is sent any more
        }
    }

    private void deliver(byte[] body, String what) {
        String last = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(notificationEndpoint).timeout(Duration.ofSeconds(2))
                        .header("Content-Type", EVENTS_MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                notificationHeaders.forEach(request::header);
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 400) {
                    delivered.incrementAndGet();
                    return;
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(BACKOFF.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        undelivered.incrementAndGet();
        System.err.println("simulated registry: the notification for " + what + " was not accepted by "
                + notificationEndpoint + " after " + MAX_ATTEMPTS + " attempts (last: " + last + "); dropped");
    }

    // --- HTTP helpers ------------------------------------------------------------------------------------------

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private String requestHost(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        return host == null || host.isBlank() ? host() : host;
    }

    private String absolute(HttpExchange ex, String path) {
        return "http://" + requestHost(ex) + path;
    }

    private void unsupported(HttpExchange ex) throws IOException {
        error(ex, 405, "UNSUPPORTED", "The operation is unsupported.", ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    }

    private void error(HttpExchange ex, int status, String code, String message, Object detail) throws IOException {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        error.set("detail", json.valueToTree(detail));
        respond(ex, status, Map.of("Content-Type", "application/json; charset=utf-8"), json.writeValueAsBytes(body));
    }

    /** Answers with headers and body; a HEAD answer carries the body's Content-Length and no body. */
    private static void respond(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.getResponseHeaders().set("Docker-Distribution-Api-Version", "registry/2.0");
        if (ex.getRequestMethod().equals("HEAD")) {
            if (body != null) ex.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
        } else if (body == null || body.length == 0 || status == 204) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(k, v);
        }
        return params;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
