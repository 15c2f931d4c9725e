package dev.conveyor.images;

import dev.conveyor.images.engine.ImageUpdater;
import dev.conveyor.images.engine.Ports;
import dev.conveyor.images.registry.DistributionRegistryClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The image-watcher's metric names, defined once (dashboards and alerts use them), and how they are recorded. */
@ApplicationScoped
public class ImageWatcherMetrics implements Ports.Observer, DistributionRegistryClient.Observer {

    public static final String SCANS = "conveyor_images_scans_total";
    public static final String TRIGGERS = "conveyor_images_triggers_total";
    public static final String REGISTRY_REQUESTS = "conveyor_images_registry_requests_total";
    public static final String UPDATES = "conveyor_images_updates_total";
    public static final String CHECKS = "conveyor_images_checks_total";
    public static final String WRITE_CONFLICTS = "conveyor_images_writeback_conflicts_total";
    public static final String WRITE_RETRIES = "conveyor_images_writeback_retries_total";
    public static final String ERRORS = "conveyor_images_errors_total";
    public static final String POLICIES = "conveyor_images_policies";
    public static final String INVALID_DECLARATIONS = "conveyor_images_invalid_declarations";

    private final MeterRegistry registry;

    public ImageWatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** A scan (the safety net) or a webhook trigger started a check of one policy. */
    public void scan() {
        Counter.builder(SCANS).description("Policy checks started by the interval scan").register(registry).increment();
    }

    public void trigger() {
        Counter.builder(TRIGGERS).description("Policy checks started by an ImageTagged event").register(registry).increment();
    }

    @Override
    public void response(String registryHost, String request, int status) {
        Counter.builder(REGISTRY_REQUESTS).description("Registry requests by registry, kind and HTTP status (0: no answer)")
                .tag("registry", registryHost).tag("request", request).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    @Override
    public void outcome(String policy, ImageUpdater.Outcome outcome) {
        String result = outcome.result();
        Counter.builder(CHECKS).description("Policy checks by result").tag("policy", policy).tag("result", result)
                .register(registry).increment();
        if (outcome instanceof ImageUpdater.Outcome.Updated) {
            Counter.builder(UPDATES).description("Image versions written to Git").tag("policy", policy)
                    .register(registry).increment();
        }
        if (outcome instanceof ImageUpdater.Outcome.Failed f) {
            Counter.builder(ERRORS).description("Failed policy checks, by whether a later attempt may succeed")
                    .tag("policy", policy).tag("retryable", Boolean.toString(f.retryable())).register(registry).increment();
        }
    }

    @Override
    public void writeBack(String policy, int attempts, int conflicts) {
        if (conflicts > 0) {
            Counter.builder(WRITE_CONFLICTS).description("Pushes rejected because another writer moved the branch")
                    .tag("policy", policy).register(registry).increment(conflicts);
        }
        if (attempts > 1) {
            Counter.builder(WRITE_RETRIES).description("Write-back attempts after the first")
                    .tag("policy", policy).register(registry).increment(attempts - 1);
        }
    }
}
