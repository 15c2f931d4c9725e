package dev.conveyor.notifier.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What has been told, rebuilt from the deliveries topic on start and kept current as records are written (by this
 * replica or, through the tail of the topic, by another). Plain Java, thread-safe.
 * <p>
 * Incidents are tracked per (subscription, destination, incident key): open after a trigger, closed by a resolve.
 */
public final class DeliveryState {

    private final Map<String, DeliveryRecord> done = new ConcurrentHashMap<>();
    private final Map<String, Boolean> onceKeys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> openIncidents = new ConcurrentHashMap<>();
    private final Map<String, String> threads = new ConcurrentHashMap<>();

    /** Applies a record read back from the topic, or one just written. Idempotent. */
    public void apply(DeliveryRecord r) {
        done.put(r.id(), r);
        if (r.result() == DeliveryRecord.Result.SUPPRESSED) return;
        if (r.onceKey() != null) onceKeys.put(onceKey(r.subscription(), r.destination(), r.phase(), r.onceKey()), true);
        String incident = incident(r.subscription(), r.destination(), r.incidentKey());
        if (r.result() == DeliveryRecord.Result.DELIVERED || r.phase() == Phase.TRIGGER) {
            // A dead-lettered trigger still counts as open: the resolve that follows must not be lost too.
            openIncidents.put(incident, r.phase() == Phase.TRIGGER);
        }
        if (r.thread() != null && !r.thread().isEmpty()) threads.put(threadKey(r.destination(), r.incidentKey()), r.thread());
    }

    public boolean isDone(String deliveryId) {
        return done.containsKey(deliveryId);
    }

    public Optional<DeliveryRecord> record(String deliveryId) {
        return Optional.ofNullable(done.get(deliveryId));
    }

    public boolean onceKeyUsed(String subscription, String destination, Phase phase, String onceKey) {
        return onceKeys.containsKey(onceKey(subscription, destination, phase, onceKey));
    }

    /** Marks a oncePer key used as soon as a message is planned, so one batch cannot send it twice. */
    public void useOnceKey(String subscription, String destination, Phase phase, String onceKey) {
        onceKeys.put(onceKey(subscription, destination, phase, onceKey), true);
    }

    public boolean incidentOpen(String subscription, String destination, String incidentKey) {
        return openIncidents.getOrDefault(incident(subscription, destination, incidentKey), false);
    }

    /** Marks an incident opened or closed as soon as its message is planned (the order of events decides). */
    public void incident(String subscription, String destination, String incidentKey, boolean open) {
        openIncidents.put(incident(subscription, destination, incidentKey), open);
    }

    /** The Slack thread of an incident on a destination, if a message started one. */
    public Optional<String> thread(String destination, String incidentKey) {
        return Optional.ofNullable(threads.get(threadKey(destination, incidentKey)));
    }

    /**
     * Forgets everything, before a rebuild from the deliveries topic: needed when held digests are dropped, because
     * planning them already marked their oncePer keys and incidents, and their events will be read and planned again.
     */
    public void clear() {
        done.clear();
        onceKeys.clear();
        openIncidents.clear();
        threads.clear();
    }

    public int size() {
        return done.size();
    }

    private static String onceKey(String subscription, String destination, Phase phase, String key) {
        return subscription + "\n" + destination + "\n" + phase + "\n" + key;
    }

    private static String incident(String subscription, String destination, String key) {
        return subscription + "\n" + destination + "\n" + key;
    }

    private static String threadKey(String destination, String incidentKey) {
        return destination + "\n" + incidentKey;
    }
}
