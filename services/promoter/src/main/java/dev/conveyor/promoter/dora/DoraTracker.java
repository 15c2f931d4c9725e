package dev.conveyor.promoter.dora;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.SyncCompleted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The four DORA figures from the event stream, per pipeline and stage: deployment frequency (promotions that reached
 * Healthy), lead time for changes (freight created — the image-watcher's commit — to running healthy in the stage),
 * change failure rate (failed promotions and rollbacks over all finished promotions) and time to restore (an
 * application's health from Degraded back to Healthy). Fed with the promotion events as they are published and as
 * they are read back at start, so the figures survive restarts; health changes count from the start of the process.
 * Plain Java; not thread-safe (the promoter feeds it from its engine thread and reads it there).
 */
public final class DoraTracker {

    /** One stage's figures over a window. */
    public record Figures(String pipeline, String stage, int deployments, double deploymentsPerDay, Duration leadTimeMedian,
                          int failures, int rollbacks, double changeFailureRate, int restores, Duration timeToRestoreMedian) {
    }

    private record Deployment(Instant at, Duration leadTime, boolean rollback) {
    }

    private final Map<String, Instant> freightCreated = new HashMap<>();
    private final Map<String, List<Deployment>> deployments = new TreeMap<>();
    private final Map<String, List<Instant>> failures = new TreeMap<>();
    private final Map<String, Instant> degradedSince = new HashMap<>();
    private final Map<String, List<Instant>> restoredAt = new HashMap<>();
    private final Map<String, List<Duration>> restoreTimes = new HashMap<>();
    private final Map<String, String> stageOfApplication = new HashMap<>();

    /** A promotion event, at the time it happened. */
    public void record(PromotionEvent event, Instant at) {
        if (event instanceof FreightCreated f) {
            freightCreated.putIfAbsent(f.freight(), at);
        } else if (event instanceof PromotionSucceeded s) {
            stageOfApplication.put(s.application(), key(s.pipeline(), s.stage()));
            Instant created = freightCreated.get(s.freight());
            deployments.computeIfAbsent(key(s.pipeline(), s.stage()), k -> new ArrayList<>())
                    .add(new Deployment(at, created == null ? null : Duration.between(created, at), s.kind() == PromotionEvent.Kind.ROLLBACK));
        } else if (event instanceof PromotionFailed f) {
            if (f.reason().startsWith("superseded")) return; // a newer freight overtook it: not a failed change
            failures.computeIfAbsent(key(f.pipeline(), f.stage()), k -> new ArrayList<>()).add(at);
        }
    }

    /**
     * An application's health changed.
     *
     * @return how long it was degraded, when this change restored it
     */
    public Duration health(String application, SyncCompleted.Health to, Instant at) {
        if (to == SyncCompleted.Health.DEGRADED) {
            degradedSince.putIfAbsent(application, at);
            return null;
        }
        if (to == SyncCompleted.Health.HEALTHY && degradedSince.containsKey(application)) {
            Duration down = Duration.between(degradedSince.remove(application), at);
            restoreTimes.computeIfAbsent(application, a -> new ArrayList<>()).add(down);
            restoredAt.computeIfAbsent(application, a -> new ArrayList<>()).add(at);
            return down;
        }
        return null;
    }

    /** The figures of every stage that had any activity, over {@code window} before {@code now}. */
    public List<Figures> figures(Duration window, Instant now) {
        Instant since = now.minus(window);
        Map<String, Figures> out = new LinkedHashMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(deployments.keySet());
        keys.addAll(failures.keySet());
        for (String key : keys) {
            List<Deployment> ds = deployments.getOrDefault(key, List.of()).stream().filter(d -> !d.at().isBefore(since)).toList();
            int failed = (int) failures.getOrDefault(key, List.of()).stream().filter(t -> !t.isBefore(since)).count();
            int rollbacks = (int) ds.stream().filter(Deployment::rollback).count();
            int finished = ds.size() + failed;
            List<Duration> leads = ds.stream().filter(d -> !d.rollback() && d.leadTime() != null).map(Deployment::leadTime).toList();
            List<Duration> restores = new ArrayList<>();
            stageOfApplication.forEach((app, stageKey) -> {
                if (!stageKey.equals(key)) return;
                List<Duration> times = restoreTimes.getOrDefault(app, List.of());
                List<Instant> ats = restoredAt.getOrDefault(app, List.of());
                for (int i = 0; i < times.size(); i++) if (!ats.get(i).isBefore(since)) restores.add(times.get(i));
            });
            String[] ps = key.split("/", 2);
            out.put(key, new Figures(ps[0], ps[1], ds.size(), ds.size() / Math.max(1e-9, window.toSeconds() / 86400.0),
                    median(leads), failed, rollbacks, finished == 0 ? 0 : (failed + rollbacks) / (double) finished,
                    restores.size(), median(restores)));
        }
        return List.copyOf(out.values());
    }

    private static Duration median(List<Duration> values) {
        if (values.isEmpty()) return null;
        List<Duration> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String key(String pipeline, String stage) {
        return pipeline + "/" + stage;
    }
}
