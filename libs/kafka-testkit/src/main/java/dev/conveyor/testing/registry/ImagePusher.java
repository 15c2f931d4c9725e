package dev.conveyor.testing.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Pushes OCI images to a registry without Docker, over the plain Registry v2 API: a config blob (with its
 * {@code created} time and platform), one small random layer, the manifest; and image indexes over several platforms.
 * What a CI pipeline's {@code docker push} does, reduced to what the image-watcher reads.
 */
public final class ImagePusher {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final URI base;
    private final Supplier<String> authorization;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param authorization the Authorization header value for each request, or null for none */
    public ImagePusher(URI registryBase, Supplier<String> authorization) {
        this.base = registryBase;
        this.authorization = authorization;
    }

    public ImagePusher(URI registryBase) {
        this(registryBase, null);
    }

    /** A pushed manifest: its digest and platform. */
    public record Pushed(String digest, String os, String architecture, String variant, int size) {
    }

    /** Pushes a single-platform image (linux/amd64) under {@code tag}. */
    public Pushed push(String repository, String tag, Instant created) throws IOException, InterruptedException {
        return push(repository, tag, created, "linux", "amd64", null);
    }

    public Pushed push(String repository, String tag, Instant created, String os, String arch, String variant)
            throws IOException, InterruptedException {
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"" + os + "\""
                + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
                + ",\"created\":\"" + created + "\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[256];
        ThreadLocalRandom.current().nextBytes(layer);
        String configDigest = uploadBlob(repository, configBytes);
        String layerDigest = uploadBlob(repository, layer);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + configBytes.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + layer.length + "}]}";
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        putManifest(repository, tag, bytes, OCI_MANIFEST);
        return new Pushed(digest(bytes), os, arch, variant, bytes.length);
    }

    /** Pushes one image under many tags (blobs once, the manifest once per tag): a repository with a long history. */
    public Pushed pushTags(String repository, List<String> tags, Instant created) throws IOException, InterruptedException {
        Pushed first = push(repository, tags.get(0), created);
        HttpResponse<byte[]> manifest = http.send(request(base.resolve("/v2/" + repository + "/manifests/" + first.digest()))
                .header("Accept", OCI_MANIFEST).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (manifest.statusCode() != 200) throw new IOException("get manifest: " + manifest.statusCode());
        for (String tag : tags.subList(1, tags.size())) putManifest(repository, tag, manifest.body(), OCI_MANIFEST);
        return first;
    }

    /** Pushes an index over already pushed manifests under {@code tag}; returns the index digest. */
    public String pushIndex(String repository, String tag, List<Pushed> manifests) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            Pushed m = manifests.get(i);
            if (i > 0) json.append(',');
            json.append("{\"mediaType\":\"").append(OCI_MANIFEST).append("\",\"digest\":\"").append(m.digest())
                    .append("\",\"size\":").append(m.size()).append(",\"platform\":{\"architecture\":\"")
                    .append(m.architecture()).append("\",\"os\":\"").append(m.os()).append('"');
            if (m.variant() != null) json.append(",\"variant\":\"").append(m.variant()).append('"');
            json.append("}}");
        }
        json.append("]}");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        putManifest(repository, tag, bytes, OCI_INDEX);
        return digest(bytes);
    }

    private String uploadBlob(String repository, byte[] content) throws IOException, InterruptedException {
        String digest = digest(content);
        HttpResponse<String> start = http.send(request(base.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        check(start, 202, "start upload");
        URI location = base.resolve(start.headers().firstValue("Location").orElseThrow());
        String sep = location.getQuery() == null ? "?" : "&";
        HttpResponse<String> put = http.send(request(URI.create(location + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        check(put, 201, "upload blob");
        return digest;
    }

    private void putManifest(String repository, String reference, byte[] bytes, String mediaType)
            throws IOException, InterruptedException {
        HttpResponse<String> put = http.send(request(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        check(put, 201, "put manifest " + reference);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (authorization != null) b.header("Authorization", authorization.get());
        return b;
    }

    private static void check(HttpResponse<String> response, int expected, String what) throws IOException {
        if (response.statusCode() != expected) {
            throw new IOException(what + ": " + response.statusCode() + " " + response.body());
        }
    }

    public static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
