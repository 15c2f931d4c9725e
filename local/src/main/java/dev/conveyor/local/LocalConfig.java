package dev.conveyor.local;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code bin/conveyor-local} runs against, from environment variables. Unset means "start it here": a Kafka broker
 * process, the in-memory Kubernetes API server, docker-registry or else the simulated registry.
 *
 * @param kafkaBootstrap {@code CONVEYOR_LOCAL_KAFKA_BOOTSTRAP}: use this Kafka ({@code host:port[,host:port...]},
 *                       PLAINTEXT) instead of starting a broker; the topics are created when missing
 * @param kubeconfig     {@code CONVEYOR_LOCAL_KUBECONFIG}: the syncer applies to the cluster of this kubeconfig instead
 *                       of the in-memory API server, and the checks read from it
 * @param kubeContext    {@code CONVEYOR_LOCAL_KUBE_CONTEXT}: that kubeconfig's context (default: its current-context)
 * @param registry       {@code CONVEYOR_LOCAL_REGISTRY}: {@code auto} (default), {@code docker-registry} or
 *                       {@code simulated}
 * @param otlpForward    {@code CONVEYOR_LOCAL_OTLP_ENDPOINT}: an OTLP/HTTP endpoint (a Jaeger or OpenTelemetry
 *                       Collector, e.g. {@code http://127.0.0.1:4318}) that the stack's trace receiver forwards every
 *                       export to, to look at the traces in a UI; the checks keep working on the receiver's copy
 */
record LocalConfig(Optional<String> kafkaBootstrap, Optional<Path> kubeconfig, Optional<String> kubeContext,
                   Registry registry, Optional<URI> otlpForward) {

    /** Which registry the stack pushes to. */
    enum Registry {
        /** docker-registry when installed, else the simulated registry. */
        AUTO,
        /** docker-registry; an error when it is not installed. */
        DOCKER_REGISTRY,
        /** the simulated registry, even when docker-registry is installed. */
        SIMULATED
    }

    static final String KAFKA_BOOTSTRAP = "CONVEYOR_LOCAL_KAFKA_BOOTSTRAP";
    static final String KUBECONFIG = "CONVEYOR_LOCAL_KUBECONFIG";
    static final String KUBE_CONTEXT = "CONVEYOR_LOCAL_KUBE_CONTEXT";
    static final String REGISTRY = "CONVEYOR_LOCAL_REGISTRY";
    static final String OTLP_ENDPOINT = "CONVEYOR_LOCAL_OTLP_ENDPOINT";

    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:\\d{1,5}|\\[[0-9a-fA-F:.]+]:\\d{1,5}");

    /** Reads and checks the variables; an {@link IllegalArgumentException} names the variable that is wrong. */
    static LocalConfig fromEnv(Map<String, String> env) {
        Optional<String> kafka = value(env, KAFKA_BOOTSTRAP);
        if (kafka.isPresent()) {
            for (String server : kafka.get().split(",")) {
                if (!HOST_PORT.matcher(server.trim()).matches()) {
                    throw new IllegalArgumentException(KAFKA_BOOTSTRAP + ": '" + server.trim()
                            + "' is not host:port (a comma-separated list of them, e.g. kafka-1:9092,kafka-2:9092)");
                }
            }
            if (value(env, "CONVEYOR_KAFKA_PORT").isPresent()) {
                throw new IllegalArgumentException("CONVEYOR_KAFKA_PORT is the port of the broker the stack starts; with "
                        + KAFKA_BOOTSTRAP + " none is started: set one of them");
            }
        }
        Optional<Path> kubeconfig = value(env, KUBECONFIG).map(p -> expandHome(p, env));
        if (kubeconfig.isPresent() && !(Files.isRegularFile(kubeconfig.get()) && Files.isReadable(kubeconfig.get()))) {
            throw new IllegalArgumentException(KUBECONFIG + ": " + kubeconfig.get() + " is not a readable file");
        }
        Optional<String> context = value(env, KUBE_CONTEXT);
        if (context.isPresent() && kubeconfig.isEmpty()) {
            throw new IllegalArgumentException(KUBE_CONTEXT + " names a context of " + KUBECONFIG + ", which is not set");
        }
        Registry registry = value(env, REGISTRY).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "auto" -> Registry.AUTO;
            case "docker-registry" -> Registry.DOCKER_REGISTRY;
            case "simulated" -> Registry.SIMULATED;
            default -> throw new IllegalArgumentException(REGISTRY + ": '" + v
                    + "' is none of auto, docker-registry, simulated");
        }).orElse(Registry.AUTO);
        Optional<URI> otlp = value(env, OTLP_ENDPOINT).map(v -> {
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(OTLP_ENDPOINT + ": '" + v + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(OTLP_ENDPOINT + ": '" + v
                        + "' is not an http(s) URL of an OTLP/HTTP endpoint (e.g. http://127.0.0.1:4318)");
            }
            return uri;
        });
        return new LocalConfig(kafka.map(String::trim), kubeconfig.map(Path::toAbsolutePath), context, registry, otlp);
    }

    /** True when the syncer applies to a real cluster rather than the in-memory API server. */
    boolean realCluster() {
        return kubeconfig.isPresent();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static Path expandHome(String path, Map<String, String> env) {
        if (path.equals("~") || path.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            return Path.of(home + path.substring(1));
        }
        return Path.of(path);
    }
}
