package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import dev.conveyor.syncer.health.LiveObject.Condition;

import java.util.Optional;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;

/** Health of batch/v1 Job and CronJob. */
final class BatchHealth {

    private BatchHealth() {
    }

    /**
     * Failed (or FailureTarget, the job controller's decision to fail while it terminates pods) → Degraded; Complete →
     * Healthy; suspended → Suspended; anything else is still running.
     */
    static ResourceHealth job(LiveObject j) {
        for (String failedType : new String[] {"Failed", "FailureTarget"}) {
            Optional<Condition> failed = j.condition(failedType);
            if (failed.isPresent() && failed.get().isTrue()) {
                String why = failed.get().describe();
                return ResourceHealth.of(DEGRADED, "Job failed" + (why.isEmpty() ? "" : ": " + why));
            }
        }
        Optional<Condition> complete = j.condition("Complete");
        if (complete.isPresent() && complete.get().isTrue()) {
            String at = j.text("/status/completionTime");
            return ResourceHealth.of(HEALTHY, String.format("Job completed: %d succeeded%s",
                    j.number("/status/succeeded", 0), at == null ? "" : " (at " + at + ")"));
        }
        Optional<Condition> suspended = j.condition("Suspended");
        if (j.flag("/spec/suspend") || suspended.isPresent() && suspended.get().isTrue()) {
            return ResourceHealth.of(SUSPENDED, "Job is suspended");
        }
        return ResourceHealth.of(PROGRESSING, String.format("Job is running: %d active, %d succeeded, %d failed",
                j.number("/status/active", 0), j.number("/status/succeeded", 0), j.number("/status/failed", 0)));
    }

    /** suspend → Suspended; otherwise Healthy, with when it last ran. Each run's health is its Job's. */
    static ResourceHealth cronJob(LiveObject c) {
        String lastSchedule = c.text("/status/lastScheduleTime");
        String lastSuccess = c.text("/status/lastSuccessfulTime");
        String history = lastSchedule == null ? "not scheduled yet"
                : "last scheduled at " + lastSchedule + (lastSuccess == null ? "" : ", last successful at " + lastSuccess);
        if (c.flag("/spec/suspend")) {
            return ResourceHealth.of(SUSPENDED, "CronJob is suspended; " + history);
        }
        int active = c.at("/status/active").size();
        return ResourceHealth.of(HEALTHY, "CronJob " + history + (active > 0 ? "; " + active + " job(s) running" : ""));
    }
}
