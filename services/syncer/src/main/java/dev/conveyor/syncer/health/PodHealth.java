package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import dev.conveyor.syncer.health.LiveObject.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.UNKNOWN;

/**
 * Health of a bare Pod (pods owned by a controller are judged through their owner). A container stuck waiting for a
 * reason that will not fix itself (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError, ...)
 * makes the pod Degraded whatever its phase; otherwise the phase decides.
 */
final class PodHealth {

    private PodHealth() {
    }

    static ResourceHealth pod(LiveObject p) {
        List<String> stuck = stuckContainers(p);
        if (!stuck.isEmpty()) {
            return ResourceHealth.of(DEGRADED, String.join("; ", stuck));
        }
        String phase = p.text("/status/phase");
        String restartPolicy = p.has("/spec/restartPolicy") ? p.text("/spec/restartPolicy") : "Always";
        if (phase == null) {
            return ResourceHealth.of(PROGRESSING, "Pod has no phase yet");
        }
        switch (phase) {
            case "Pending":
                return ResourceHealth.of(PROGRESSING, "Pod is pending" + pendingReason(p));
            case "Succeeded":
                return ResourceHealth.of(HEALTHY, "Pod completed successfully" + statusMessage(p));
            case "Failed":
                return ResourceHealth.of(DEGRADED, "Pod failed" + failure(p));
            case "Running":
                if (!"Always".equals(restartPolicy)) {
                    // A run-to-completion pod is healthy only once it has succeeded.
                    return ResourceHealth.of(PROGRESSING, "Pod is running (restartPolicy " + restartPolicy
                            + "): waiting for it to complete");
                }
                Optional<Condition> ready = p.condition("Ready");
                if (ready.isPresent() && ready.get().isTrue()) {
                    return ResourceHealth.of(HEALTHY, "Pod is running and all containers are ready");
                }
                return ResourceHealth.of(PROGRESSING, "Pod is running; waiting for containers to be ready"
                        + ready.map(c -> c.describe().isEmpty() ? "" : ": " + c.describe()).orElse(""));
            default:
                return ResourceHealth.of(UNKNOWN, "Pod phase is " + phase + statusMessage(p));
        }
    }

    /** A waiting reason that means the kubelet is backing off or cannot start the container without a change. */
    static boolean isStuck(String reason) {
        return reason != null && (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff")
                || reason.equals("InvalidImageName"));
    }

    private static List<String> stuckContainers(LiveObject p) {
        List<String> stuck = new ArrayList<>();
        for (String statuses : List.of("/status/initContainerStatuses", "/status/containerStatuses")) {
            for (JsonNode container : p.at(statuses)) {
                JsonNode waiting = container.path("state").path("waiting");
                String reason = waiting.path("reason").asText(null);
                if (isStuck(reason)) {
                    String message = waiting.path("message").asText("");
                    stuck.add("container " + container.path("name").asText("?") + " is waiting: " + reason
                            + (message.isBlank() ? "" : ": " + message));
                }
            }
        }
        return stuck;
    }

    private static String pendingReason(LiveObject p) {
        Optional<Condition> scheduled = p.condition("PodScheduled");
        if (scheduled.isPresent() && scheduled.get().isFalse()) {
            return ": not scheduled: " + scheduled.get().describe();
        }
        return statusMessage(p);
    }

    private static String statusMessage(LiveObject p) {
        String message = p.text("/status/message");
        String reason = p.text("/status/reason");
        if (message == null && reason == null) {
            return "";
        }
        return ": " + (reason == null ? message : message == null ? reason : reason + ": " + message);
    }

    private static String failure(LiveObject p) {
        String status = statusMessage(p);
        if (!status.isEmpty()) {
            return status;
        }
        List<String> terminated = new ArrayList<>();
        for (JsonNode container : p.at("/status/containerStatuses")) {
            JsonNode t = container.path("state").path("terminated");
            if (t.isObject() && t.path("exitCode").asInt(0) != 0) {
                String message = t.path("message").asText("");
                terminated.add("container " + container.path("name").asText("?") + " exited with code "
                        + t.path("exitCode").asInt() + " (" + t.path("reason").asText("?") + ")"
                        + (message.isBlank() ? "" : ": " + message));
            }
        }
        return terminated.isEmpty() ? "" : ": " + String.join("; ", terminated);
    }
}
