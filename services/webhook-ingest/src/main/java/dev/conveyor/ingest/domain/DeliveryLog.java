package dev.conveyor.ingest.domain;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Remembers which deliveries were published within a window, so that a provider's redelivery of the same delivery
 * (same id) is acknowledged without publishing again. A delivery is only remembered once Kafka acknowledged it: a
 * failed publish leaves nothing behind, so the provider's retry publishes. A redelivery that arrives while the first
 * copy is still being published waits for that outcome instead of racing it.
 *
 * <p>Bounded: entries older than the window, and the oldest beyond {@code maxEntries}, are forgotten. Per replica:
 * consumers de-duplicate by {@code ce_id} as well, so a redelivery that reaches another replica costs one extra
 * record, never a second action.
 */
public final class DeliveryLog {

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(CompletableFuture<Void> published, long createdAtMillis) {
    }

    /** The caller's part in one delivery. */
    public sealed interface Claim {
        /** First copy: publish, then call {@link DeliveryLog#published} or {@link DeliveryLog#failed}. */
        record Owner(String id) implements Claim {
        }

        /** Another copy is (or was) published: wait on it. */
        record Duplicate(String id, CompletableFuture<Void> published) implements Claim {
        }
    }

    public DeliveryLog(Duration window, int maxEntries, Clock clock) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public synchronized Claim claim(String id) {
        long now = clock.millis();
        evict(now);
        Entry existing = entries.get(id);
        if (existing != null) {
            return new Claim.Duplicate(id, existing.published());
        }
        entries.put(id, new Entry(new CompletableFuture<>(), now));
        return new Claim.Owner(id);
    }

    public synchronized void published(String id) {
        Entry e = entries.get(id);
        if (e != null) e.published().complete(null);
    }

    /** Forgets the delivery, so that the provider's retry publishes it, and releases copies waiting on it. */
    public void failed(String id, Throwable cause) {
        Entry e;
        synchronized (this) {
            e = entries.remove(id);
        }
        if (e != null) e.published().completeExceptionally(cause);
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized Optional<Boolean> isPublished(String id) {
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.published().isDone() && !e.published().isCompletedExceptionally());
    }

    private void evict(long now) {
        long oldest = now - window.toMillis();
        // Insertion order is age order, so only the head can be due. An entry still being published stays.
        while (!entries.isEmpty()) {
            Map.Entry<String, Entry> head = entries.entrySet().iterator().next();
            Entry e = head.getValue();
            boolean due = e.createdAtMillis() < oldest || entries.size() > maxEntries;
            if (!due || !e.published().isDone()) {
                return;
            }
            entries.remove(head.getKey());
        }
    }
}
