package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

class BatchHealthTest {

    private final HealthAssessor assessor = new KubernetesHealthAssessor();

    private ResourceHealth job(String spec, String status) {
        return assessor.assess(LiveObjects.parse("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: db-migrate, namespace: shop, generation: 1}
                spec:
                  backoffLimit: 2
                  completions: 1
                  parallelism: 1
                %s
                status:
                %s
                """.formatted(spec, status)));
    }

    @Test
    void completedJobIsHealthy() {
        ResourceHealth health = job("", """
                  startTime: "2025-11-20T10:00:00Z"
                  completionTime: "2025-11-20T10:01:12Z"
                  succeeded: 1
                  ready: 0
                  conditions:
                  - {type: SuccessCriteriaMet, status: "True", reason: CompletionsReached}
                  - {type: Complete, status: "True", reason: CompletionsReached, message: Reached expected number of succeeded pods}
                """);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("Job completed: 1 succeeded (at 2025-11-20T10:01:12Z)");
    }

    @Test
    void failedJobIsDegradedWithReasonAndMessage() {
        ResourceHealth health = job("", """
                  startTime: "2025-11-20T10:00:00Z"
                  failed: 3
                  conditions:
                  - {type: FailureTarget, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}
                  - {type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit");
    }

    @Test
    void runningJobIsProgressing() {
        ResourceHealth health = job("", """
                  startTime: "2025-11-20T10:00:00Z"
                  active: 1
                  ready: 1
                  failed: 1
                  terminating: 0
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Job is running: 1 active, 0 succeeded, 1 failed");
    }

    @Test
    void suspendedJobIsSuspended() {
        ResourceHealth health = job("  suspend: true", """
                  conditions:
                  - {type: Suspended, status: "True", reason: JobSuspended, message: Job suspended}
                """);

        assertThat(health.health()).isEqualTo(SUSPENDED);
        assertThat(health.message()).isEqualTo("Job is suspended");
    }

    private ResourceHealth cronJob(boolean suspend) {
        return assessor.assess(LiveObjects.parse("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly-report, namespace: shop}
                spec:
                  schedule: "0 2 * * *"
                  suspend: %s
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers: [{name: report, image: registry.example.com/shop/report:2.0.0}]
                status:
                  lastScheduleTime: "2025-11-20T02:00:00Z"
                  lastSuccessfulTime: "2025-11-20T02:03:41Z"
                """.formatted(suspend)));
    }

    @Test
    void suspendedCronJobIsSuspendedAndSaysWhenItLastRan() {
        ResourceHealth health = cronJob(true);

        assertThat(health.health()).isEqualTo(SUSPENDED);
        assertThat(health.message()).isEqualTo("CronJob is suspended; last scheduled at 2025-11-20T02:00:00Z, "
                + "last successful at 2025-11-20T02:03:41Z");
    }

    @Test
    void activeCronJobIsHealthyWithItsLastSchedule() {
        ResourceHealth health = cronJob(false);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("CronJob last scheduled at 2025-11-20T02:00:00Z, "
                + "last successful at 2025-11-20T02:03:41Z");
    }
}
