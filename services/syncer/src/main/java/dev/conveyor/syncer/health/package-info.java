/**
 * Health: how the syncer judges whether what it applied is working.
 * <p>
 * {@link dev.conveyor.syncer.health.KubernetesHealthAssessor} judges one live object, Argo-CD-style, and says why;
 * {@link dev.conveyor.syncer.health.CelHealthChecks} lets a user replace that judgement for a kind with a CEL expression;
 * {@link dev.conveyor.syncer.health.ApplicationHealth} turns the resources' healths into the application's (worst of,
 * then the health timeout). Everything here is pure: no API calls, no clock of its own.
 * <p>
 * Built-in rules, in the order they are checked (each returns at the first that applies):
 * <ul>
 *   <li><b>Deployment</b>: spec.paused → Suspended; metadata.generation above status.observedGeneration → Progressing;
 *       Progressing condition with reason ProgressDeadlineExceeded → Degraded; updatedReplicas below spec.replicas
 *       (default 1), old replicas still running, or availableReplicas below updatedReplicas → Progressing; else
 *       Healthy.</li>
 *   <li><b>StatefulSet</b>: generation not observed → Progressing; readyReplicas below spec.replicas → Progressing;
 *       updateStrategy OnDelete → Healthy; a RollingUpdate partition → Progressing until the replicas above the
 *       partition are updated; updateRevision differs from currentRevision → Progressing; else Healthy.</li>
 *   <li><b>DaemonSet</b>: generation not observed → Progressing; updatedNumberScheduled (not for OnDelete) or
 *       numberAvailable below desiredNumberScheduled → Progressing; else Healthy.</li>
 *   <li><b>ReplicaSet</b>: generation not observed → Progressing; ReplicaFailure=True → Degraded; availableReplicas below
 *       spec.replicas → Progressing; else Healthy.</li>
 *   <li><b>Pod</b>: a container or init container waiting with a reason starting "Err" or ending "Error" or "BackOff"
 *       (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError), or InvalidImageName → Degraded;
 *       phase Pending → Progressing; Succeeded → Healthy; Failed → Degraded; Running → Healthy when Ready and
 *       restartPolicy is Always, else Progressing.</li>
 *   <li><b>Job</b>: Failed or FailureTarget → Degraded; Complete → Healthy; suspended → Suspended; else Progressing.
 *       <b>CronJob</b>: spec.suspend → Suspended; else Healthy.</li>
 *   <li><b>PersistentVolumeClaim</b>: Bound → Healthy, Pending → Progressing, Lost → Degraded.
 *       <b>Service</b>: LoadBalancer without an address → Progressing, else Healthy. <b>Ingress</b>: no address →
 *       Progressing. <b>Namespace</b>: Terminating → Progressing, else Healthy.</li>
 *   <li><b>HorizontalPodAutoscaler</b>: see {@code AutoscalerHealth}.</li>
 *   <li>Any object being deleted → Progressing; any other kind → its conditions ({@code ConditionsHealth}), or Healthy
 *       when it has none these rules understand.</li>
 * </ul>
 */
package dev.conveyor.syncer.health;
