package dev.conveyor.syncer.health;

import dev.conveyor.events.SyncCompleted.Health;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Assesses one live object's health (Argo CD semantics: Healthy, Progressing, Degraded, Suspended, Missing, Unknown). */
public interface HealthAssessor {

    /** @param live the object as the API server returns it; null when it does not exist (→ Missing) */
    ResourceHealth assess(GenericKubernetesResource live);

    record ResourceHealth(Health health, String message) {
        public static ResourceHealth of(Health health, String message) {
            return new ResourceHealth(health, message);
        }
    }
}
