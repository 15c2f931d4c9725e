package dev.conveyor.notifier.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Sends what the planner decided for one poll of events, then writes once: messages of one chain (destination and
 * incident) go out in order, chains in parallel; every outcome is recorded — delivered, or dead-lettered with its
 * reason — and only then are the events' positions reported done (their offsets may be committed).
 */
public final class BatchDispatcher {

    /** What the dispatcher reports (metrics, logs). */
    public interface Listener {
        void delivered(Notification n, int attempts);

        void deadLettered(Notification n, String reason, int attempts);
    }

    private final DeliveryExecutor executor;
    private final DeliveryJournal journal;
    private final DeliveryState state;
    private final ExecutorService pool;
    private final Listener listener;
    private final Clock clock;

    public BatchDispatcher(DeliveryExecutor executor, DeliveryJournal journal, DeliveryState state, ExecutorService pool,
                           Listener listener, Clock clock) {
        this.executor = executor;
        this.journal = journal;
        this.state = state;
        this.pool = pool;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * @return false when the notifier is stopping and some outcome was abandoned (nothing of this batch may be
     *         committed past it); true when every notification is recorded
     */
    public boolean dispatch(List<Planned> planned) {
        return dispatch(planned, List.of());
    }

    /** @param decided records of decisions already made (suppressions), written with this batch's */
    public boolean dispatch(List<Planned> planned, List<DeliveryRecord> decided) {
        if (!decided.isEmpty()) journal.record(decided);
        Map<String, List<Planned>> chains = new LinkedHashMap<>();
        planned.forEach(p -> chains.computeIfAbsent(p.notification().chain(), k -> new ArrayList<>()).add(p));
        List<CompletableFuture<Boolean>> futures = new ArrayList<>();
        List<DeliveryRecord> written = java.util.Collections.synchronizedList(new ArrayList<>());
        for (List<Planned> chain : chains.values()) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                for (Planned p : chain) {
                    DeliveryExecutor.Outcome o = executor.deliver(p.notification());
                    if (o.abandoned()) return false;
                    // Written right after the send, not at the end of the batch: a crash between a send and its
                    // record is the one window in which a message can be sent twice; keep it short.
                    written.addAll(record(o));
                }
                return true;
            }, pool));
        }
        boolean complete = true;
        for (CompletableFuture<Boolean> f : futures) complete &= f.join();
        journal.awaitDurable();
        decided.forEach(state::apply);
        synchronized (written) {
            written.forEach(state::apply);
        }
        return complete;
    }

    private List<DeliveryRecord> record(DeliveryExecutor.Outcome o) {
        Notification n = o.notification();
        if (!o.delivered()) {
            journal.deadLetter(n, o.failure(), o.attempts());
            listener.deadLettered(n, o.failure(), o.attempts());
        } else {
            listener.delivered(n, o.attempts());
        }
        String thread = o.receipt() == null ? null : o.receipt().thread();
        Instant now = clock.instant();
        List<DeliveryRecord> records = new ArrayList<>();
        for (int i = 0; i < n.deliveryIds().size(); i++) {
            records.add(new DeliveryRecord(n.deliveryIds().get(i), n.events().get(i).id(), n.subscription(),
                    n.destination(), o.delivered() ? DeliveryRecord.Result.DELIVERED
                    : DeliveryRecord.Result.DEAD_LETTERED, n.phase(), n.incidentKey(), n.onceKey(), thread, n.id(), now));
        }
        journal.record(records);
        return records;
    }
}
