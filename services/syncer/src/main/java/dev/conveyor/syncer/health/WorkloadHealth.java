package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import dev.conveyor.syncer.health.LiveObject.Condition;

import java.util.Optional;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;

/**
 * Rollout health of the apps/v1 workload controllers, read from the status their controllers write (the same
 * conditions {@code kubectl rollout status} waits for). A status written for an older generation of the spec says
 * nothing about the current spec, so every check starts by asking whether the controller has observed it.
 */
final class WorkloadHealth {

    private WorkloadHealth() {
    }

    static ResourceHealth deployment(LiveObject d) {
        if (d.flag("/spec/paused")) {
            return ResourceHealth.of(SUSPENDED, "Deployment is paused");
        }
        if (d.generation() > d.number("/status/observedGeneration", 0)) {
            return notObserved(d, "deployment");
        }
        Optional<Condition> progressing = d.condition("Progressing");
        if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().reason())) {
            return ResourceHealth.of(DEGRADED, "Deployment " + d.displayName() + " exceeded its progress deadline"
                    + suffix(progressing.get().message()));
        }
        long desired = d.number("/spec/replicas", 1);
        long updated = d.number("/status/updatedReplicas", 0);
        long current = d.number("/status/replicas", 0);
        long available = d.number("/status/availableReplicas", 0);
        if (updated < desired) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for rollout to finish: %d out of %d new replicas have been updated...", updated, desired));
        }
        if (current > updated) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for rollout to finish: %d old replicas are pending termination...", current - updated));
        }
        if (available < updated) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for rollout to finish: %d of %d updated replicas are available...", available, updated));
        }
        return ResourceHealth.of(HEALTHY, String.format("%d of %d replicas updated and available", available, desired));
    }

    static ResourceHealth statefulSet(LiveObject s) {
        long observed = s.number("/status/observedGeneration", 0);
        if (observed == 0 || s.generation() > observed) {
            return notObserved(s, "statefulset");
        }
        long desired = s.number("/spec/replicas", 1);
        long ready = s.number("/status/readyReplicas", 0);
        long updated = s.number("/status/updatedReplicas", 0);
        if (ready < desired) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for %d pods to be ready: %d of %d ready...", desired - ready, ready, desired));
        }
        String strategy = s.text("/spec/updateStrategy/type");
        if ("OnDelete".equals(strategy)) {
            // Pods move to a new revision only when someone deletes them: nothing to wait for beyond readiness.
            return ResourceHealth.of(HEALTHY, String.format(
                    "statefulset has %d ready pods (updateStrategy OnDelete: pods update when deleted)", ready));
        }
        long partition = s.number("/spec/updateStrategy/rollingUpdate/partition", 0);
        if (partition > 0) {
            long toUpdate = Math.max(0, desired - partition);
            if (updated < toUpdate) {
                return ResourceHealth.of(PROGRESSING, String.format(
                        "Waiting for partitioned roll out to finish: %d out of %d new pods have been updated...",
                        updated, toUpdate));
            }
            return ResourceHealth.of(HEALTHY, String.format(
                    "partitioned roll out complete: %d new pods have been updated (partition %d)", updated, partition));
        }
        String currentRevision = s.text("/status/currentRevision");
        String updateRevision = s.text("/status/updateRevision");
        if (updateRevision != null && !updateRevision.equals(currentRevision)) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for rolling update to complete: %d of %d pods at revision %s...", updated, desired,
                    updateRevision));
        }
        return ResourceHealth.of(HEALTHY, String.format("rolling update complete: %d pods at revision %s", ready,
                currentRevision == null ? "?" : currentRevision));
    }

    static ResourceHealth daemonSet(LiveObject d) {
        long observed = d.number("/status/observedGeneration", 0);
        if (observed == 0 || d.generation() > observed) {
            return notObserved(d, "daemon set");
        }
        long desired = d.number("/status/desiredNumberScheduled", 0);
        long updated = d.number("/status/updatedNumberScheduled", 0);
        long available = d.number("/status/numberAvailable", 0);
        boolean onDelete = "OnDelete".equals(d.text("/spec/updateStrategy/type"));
        if (!onDelete && updated < desired) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for daemon set rollout to finish: %d out of %d new pods have been updated...",
                    updated, desired));
        }
        if (available < desired) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for daemon set rollout to finish: %d of %d pods are available...", available, desired));
        }
        return ResourceHealth.of(HEALTHY, onDelete
                ? String.format("%d of %d pods available; %d updated (updateStrategy OnDelete: pods update when deleted)",
                        available, desired, updated)
                : String.format("%d of %d pods updated and available", available, desired));
    }

    static ResourceHealth replicaSet(LiveObject r) {
        if (r.generation() > r.number("/status/observedGeneration", 0)) {
            return notObserved(r, "replica set");
        }
        Optional<Condition> failure = r.condition("ReplicaFailure");
        if (failure.isPresent() && failure.get().isTrue()) {
            return ResourceHealth.of(DEGRADED, "ReplicaSet cannot create its pods: " + failure.get().describe());
        }
        long desired = r.number("/spec/replicas", 1);
        long available = r.number("/status/availableReplicas", 0);
        if (available < desired) {
            return ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for rollout to finish: %d out of %d new replicas are available...", available, desired));
        }
        return ResourceHealth.of(HEALTHY, String.format("%d of %d replicas available", available, desired));
    }

    private static ResourceHealth notObserved(LiveObject o, String what) {
        return ResourceHealth.of(PROGRESSING, String.format(
                "Waiting for rollout to finish: observed %s generation %d is less than desired generation %d", what,
                o.number("/status/observedGeneration", 0), o.generation()));
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }
}
