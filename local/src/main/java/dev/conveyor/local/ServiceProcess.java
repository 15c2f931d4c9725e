package dev.conveyor.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Conveyor service (a packaged Quarkus app) as a child process on 127.0.0.1, waited for until it is ready. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path quarkusRunJar;
    private final int port;
    private final Path logFile;
    private Process process;

    public ServiceProcess(String name, Path quarkusRunJar, int port, Path logDir) {
        this.name = name;
        this.quarkusRunJar = quarkusRunJar;
        this.port = port;
        this.logFile = logDir.resolve(name + ".log");
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the service with {@code env} added to this process's environment and waits for {@code /q/health/ready}. */
    public void start(Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IOException(quarkusRunJar + " is missing: build first (mvn package -DskipTests)");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(KafkaBrokerProcess.javaBin(), "-Xmx512m", "-jar", quarkusRunJar.toString()))
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(name + " was not ready within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
