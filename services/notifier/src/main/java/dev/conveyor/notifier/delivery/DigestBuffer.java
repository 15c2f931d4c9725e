package dev.conveyor.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Holds notifications of subscriptions with a digest window: the first matching event opens a window on its
 * (subscription, destination, phase); everything matching until the window closes is told in one message. A burst of
 * N events is then one message, not N. Not thread-safe: owned by the consumer loop.
 * <p>
 * Held events are not done: their offsets stay uncommitted until the digest is recorded, so a crash loses nothing
 * (the events are read again and a new window collects them).
 */
public final class DigestBuffer {

    /** One held notification (for a single event) and where its event was read. */
    public record Held(Notification notification, Position position) {
    }

    private record Window(Instant closesAt, List<Held> held) {
    }

    private final Map<String, Window> windows = new LinkedHashMap<>();

    public void hold(Notification n, Position position, Duration window, Instant now) {
        String key = n.subscription() + "\n" + n.destination() + "\n" + n.phase();
        windows.computeIfAbsent(key, k -> new Window(now.plus(window), new ArrayList<>())).held().add(new Held(n, position));
    }

    /** Removes and returns the windows that closed at {@code now}, each as the list of its held notifications. */
    public List<List<Held>> closed(Instant now) {
        List<List<Held>> out = new ArrayList<>();
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (!w.closesAt().isAfter(now)) {
                out.add(w.held());
                it.remove();
            }
        }
        return out;
    }

    /** Every window, closed or not (on shutdown: nothing is recorded, the offsets are not committed). */
    public void clear() {
        windows.clear();
    }

    /** The lowest held offset per topic partition: offsets from there on must not be committed yet. */
    public Map<String, Long> lowestHeldOffsets() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Window w : windows.values()) {
            for (Held h : w.held()) {
                if (h.position() == null) continue;
                out.merge(h.position().topic() + "#" + h.position().partition(), h.position().offset(), Math::min);
            }
        }
        return out;
    }

    public Optional<Instant> nextClose() {
        return windows.values().stream().map(Window::closesAt).min(Instant::compareTo);
    }

    public int size() {
        return windows.values().stream().mapToInt(w -> w.held().size()).sum();
    }
}
