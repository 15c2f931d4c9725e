package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;

import java.util.ArrayList;
import java.util.List;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.UNKNOWN;

/** Health of the core and networking kinds whose status has a phase or an address: PVC, Service, Ingress, Namespace. */
final class CoreHealth {

    private CoreHealth() {
    }

    static ResourceHealth persistentVolumeClaim(LiveObject pvc) {
        String phase = pvc.text("/status/phase");
        String volume = pvc.text("/spec/volumeName");
        String storageClass = pvc.text("/spec/storageClassName");
        if (phase == null) {
            return ResourceHealth.of(UNKNOWN, "PersistentVolumeClaim has no phase yet");
        }
        return switch (phase) {
            case "Bound" -> ResourceHealth.of(HEALTHY, "Bound to volume " + (volume == null ? "?" : volume));
            case "Pending" -> ResourceHealth.of(PROGRESSING, "Waiting for the claim to be bound"
                    + (storageClass == null ? "" : " (storage class " + storageClass + ")"));
            case "Lost" -> ResourceHealth.of(DEGRADED, "The claim lost its volume " + (volume == null ? "" : volume)
                    + ": the PersistentVolume no longer exists");
            default -> ResourceHealth.of(UNKNOWN, "PersistentVolumeClaim phase is " + phase);
        };
    }

    /** Only a LoadBalancer service has something to wait for: the address its cloud provider assigns. */
    static ResourceHealth service(LiveObject s) {
        String type = s.has("/spec/type") ? s.text("/spec/type") : "ClusterIP";
        if (!"LoadBalancer".equals(type)) {
            return ResourceHealth.of(HEALTHY, type + " service");
        }
        List<String> addresses = addresses(s.at("/status/loadBalancer/ingress"));
        if (addresses.isEmpty()) {
            return ResourceHealth.of(PROGRESSING, "Waiting for the load balancer to be assigned an address");
        }
        return ResourceHealth.of(HEALTHY, "Load balancer ready at " + String.join(", ", addresses));
    }

    /**
     * Progressing until the ingress controller publishes an address, as Argo CD does. Some controllers never publish
     * one (and some clusters have none): this should become configurable (per application or per ingress class); until
     * then such ingresses turn Degraded after the health timeout, and a custom check for networking.k8s.io/Ingress can
     * override it.
     */
    static ResourceHealth ingress(LiveObject i) {
        List<String> addresses = addresses(i.at("/status/loadBalancer/ingress"));
        if (addresses.isEmpty()) {
            return ResourceHealth.of(PROGRESSING, "Waiting for the ingress controller to publish an address");
        }
        return ResourceHealth.of(HEALTHY, "Ingress published at " + String.join(", ", addresses));
    }

    static ResourceHealth namespace(LiveObject n) {
        String phase = n.text("/status/phase");
        if ("Terminating".equals(phase)) {
            return ResourceHealth.of(PROGRESSING, "Namespace is terminating");
        }
        return ResourceHealth.of(HEALTHY, "Namespace is " + (phase == null ? "present" : phase));
    }

    private static List<String> addresses(JsonNode ingress) {
        List<String> addresses = new ArrayList<>();
        for (JsonNode entry : ingress) {
            String address = entry.hasNonNull("ip") ? entry.get("ip").asText()
                    : entry.hasNonNull("hostname") ? entry.get("hostname").asText() : null;
            if (address != null && !address.isBlank()) {
                addresses.add(address);
            }
        }
        return addresses;
    }
}
