package dev.conveyor.syncer.apply;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.health.HealthAssessor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A health assessor the test flips, standing in for controllers that would make objects healthy: every existing object
 * is Healthy unless set otherwise by kind and name; a missing object is Missing.
 */
final class ScriptedHealth implements HealthAssessor {

    private final Map<String, Health> byKindAndName = new ConcurrentHashMap<>();

    ScriptedHealth set(String kind, String name, Health health) {
        byKindAndName.put(kind + "/" + name, health);
        return this;
    }

    @Override
    public ResourceHealth assess(GenericKubernetesResource live) {
        if (live == null) {
            return ResourceHealth.of(Health.MISSING, "not found");
        }
        Health health = byKindAndName.getOrDefault(live.getKind() + "/" + live.getMetadata().getName(), Health.HEALTHY);
        return ResourceHealth.of(health, live.getKind() + " is " + health.name().toLowerCase());
    }
}
