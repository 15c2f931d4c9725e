/**
 * Apply: how the syncer makes one cluster match one application's rendered objects. Plain Java around fabric8's
 * {@link io.fabric8.kubernetes.client.KubernetesClient}; no Quarkus, no Kafka.
 * <p>
 * Entry point: {@link dev.conveyor.syncer.apply.SyncExecutor#sync(SyncRequest)} → {@link dev.conveyor.syncer.apply.SyncReport}.
 * The caller builds one executor per destination cluster, with that cluster's client (it resolves
 * {@code destination.cluster} to a client; this package never does), a
 * {@link dev.conveyor.syncer.health.HealthAssessor} and a {@link dev.conveyor.syncer.apply.SyncClock}.
 * <p>
 * The parts, each usable alone:
 * <ul>
 *   <li>{@link dev.conveyor.syncer.apply.ResourceKey} and {@link dev.conveyor.syncer.apply.Inventory}: identity and the
 *       string forms callers store.</li>
 *   <li>{@link dev.conveyor.syncer.apply.Tracking}: the labels and the tracking-id annotation; only exact tracking ids
 *       count.</li>
 *   <li>{@link dev.conveyor.syncer.apply.Scopes} and {@link dev.conveyor.syncer.apply.SyncOrder}: namespace defaulting,
 *       waves and kind order.</li>
 *   <li>{@link dev.conveyor.syncer.apply.DiffEngine}: desired ⊆ live plus removed-since-last-apply, pure.</li>
 *   <li>{@link dev.conveyor.syncer.apply.Applier}: the one-method port; {@link dev.conveyor.syncer.apply.ServerSideApplier}
 *       for real clusters ({@code ServerSideApply=true}), {@link dev.conveyor.syncer.apply.ClientSideApplier} (three-way
 *       merge over create/update) otherwise — the only one fabric8's in-memory API server can serve.</li>
 *   <li>{@link dev.conveyor.syncer.apply.Pruner}: tracked, undesired, non-hook objects, reverse order, with guards.</li>
 *   <li>{@link dev.conveyor.syncer.apply.Hooks}: PreSync / PostSync / SyncFail Jobs and Pods and their delete policies.</li>
 * </ul>
 * Annotations and labels the syncer reads or writes: {@code conveyor.dev/tracking-id}, {@code conveyor.dev/last-applied},
 * {@code conveyor.dev/sync-wave}, {@code conveyor.dev/hook}, {@code conveyor.dev/hook-delete-policy},
 * {@code conveyor.dev/application}, {@code app.kubernetes.io/managed-by}.
 */
package dev.conveyor.syncer.apply;
