package dev.conveyor.testing.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real container registry for tests: Debian's {@code docker-registry} (CNCF distribution) started as a process on
 * 127.0.0.1 with its own config and storage, optionally sending push notifications to a URL and requiring bearer
 * tokens from a token service. Stopped (and its storage deleted) by {@link #close()}.
 */
public final class RegistryProcess implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/bin/docker-registry", "/usr/bin/registry");

    private final Process process;
    private final Path dir;
    private final int port;

    private RegistryProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The registry binary, when installed ({@code apt-get install docker-registry}). */
    public static Optional<Path> binary() {
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A message for tests that cannot run without it. */
    public static String missingMessage() {
        return "Debian's docker-registry is not installed (apt-get install docker-registry; .ci/run installs it)";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private URI notify;
        private java.util.Map<String, String> notifyHeaders = java.util.Map.of();
        private String tokenRealm;
        private String tokenService;
        private String tokenIssuer;
        private Path rootCertBundle;

        /** Push (and pull) notifications are POSTed to {@code endpoint} as the registry does in production. */
        public Builder notifications(URI endpoint) {
            return notifications(endpoint, java.util.Map.of());
        }

        /** Notifications with static headers, e.g. the {@code Authorization} a receiver checks. */
        public Builder notifications(URI endpoint, java.util.Map<String, String> headers) {
            this.notify = endpoint;
            this.notifyHeaders = headers;
            return this;
        }

        /** Require bearer tokens from a token service (Docker's token authentication). */
        public Builder tokenAuth(String realm, String service, String issuer, Path rootCertBundle) {
            this.tokenRealm = realm;
            this.tokenService = service;
            this.tokenIssuer = issuer;
            this.rootCertBundle = rootCertBundle;
            return this;
        }

        public RegistryProcess start() throws IOException, InterruptedException {
            Path binary = binary().orElseThrow(() -> new IllegalStateException(missingMessage()));
            Path dir = Files.createTempDirectory("conveyor-registry");
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            StringBuilder yaml = new StringBuilder()
                    .append("version: 0.1\n")
                    .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                    .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
                    .append("  delete:\n    enabled: true\n")
                    .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
                    .append("  secret: conveyor-test-only\n");
            if (tokenRealm != null) {
                yaml.append("auth:\n  token:\n")
                        .append("    realm: ").append(tokenRealm).append('\n')
                        .append("    service: ").append(tokenService).append('\n')
                        .append("    issuer: ").append(tokenIssuer).append('\n')
                        .append("    rootcertbundle: ").append(rootCertBundle).append('\n');
            }
            if (notify != null) {
                yaml.append("notifications:\n  endpoints:\n    - name: conveyor\n")
                        .append("      url: ").append(notify).append('\n')
                        .append("      timeout: 2s\n      threshold: 3\n      backoff: 200ms\n");
                if (!notifyHeaders.isEmpty()) {
                    yaml.append("      headers:\n");
                    notifyHeaders.forEach((k, v) -> yaml.append("        ").append(k).append(": [\"")
                            .append(v.replace("\"", "\\\"")).append("\"]\n"));
                }
            }
            Path config = dir.resolve("config.yml");
            Files.writeString(config, yaml);
            Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            RegistryProcess registry = new RegistryProcess(process, dir, port);
            registry.awaitReady(Duration.ofSeconds(20));
            return registry;
        }
    }

    /** {@code 127.0.0.1:port}: the registry part of image names. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI baseUri() {
        return URI.create("http://" + host() + "/");
    }

    public Path log() {
        return dir.resolve("registry.log");
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(log()));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(baseUri().resolve("/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 401) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        close();
        throw new IOException("docker-registry did not start within " + timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir; best effort
        }
    }
}
