package dev.conveyor.local;

import dev.conveyor.local.TraceCollector.CollectedSpan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What one change's trace must hold to tell its whole story, and the demo's one-paragraph print-out of it. The trace
 * is found from the first event of the change (its Kafka {@code traceparent}); every expected hop is then looked for in
 * the spans the five services exported to the {@link TraceCollector}.
 */
final class ChangeTrace {

    /** A hop the trace must show. */
    record Hop(String what, Predicate<CollectedSpan> span) {
        static Hop of(String what, String service, Predicate<String> name) {
            return new Hop(what, s -> s.service().equals(service) && name.test(s.name()));
        }
    }

    private ChangeTrace() {
    }

    /** The hops of a registry push that goes through dev and staging to prod, approved on the way. */
    static List<Hop> imageToProduction(String pipeline, List<String> stages, String notifiedDestination) {
        List<Hop> hops = new ArrayList<>(List.of(
                Hop.of("webhook-ingest received the registry's notification", "webhook-ingest", n -> n.startsWith("POST ")),
                Hop.of("webhook-ingest published ImageTagged", "webhook-ingest", n -> n.equals("send conveyor.images")),
                Hop.of("image-watcher checked the policy", "image-watcher", n -> n.startsWith("check image policy ")),
                Hop.of("image-watcher published ImageUpdated", "image-watcher", n -> n.equals("send conveyor.images")),
                Hop.of("the promoter created the freight", "promoter", n -> n.startsWith("freight ")),
                new Hop("the approval (another trace) is linked into this one", s -> s.service().equals("promoter")
                        && s.name().startsWith("PromotionApproved ") && !s.linkedTraceIds().isEmpty()),
                Hop.of("notifier told " + notifiedDestination, "notifier", n -> n.equals("notify " + notifiedDestination))));
        for (String stage : stages) {
            if (!stage.equals(stages.get(0))) {
                hops.add(Hop.of("the promoter committed to " + stage, "promoter", n -> n.equals("write " + pipeline + " → " + stage)));
            }
        }
        // Each stage's commit is synced: one sync request handled per stage, all in this trace.
        for (String stage : stages) {
            hops.add(Hop.of("syncer synced " + stage, "syncer", n -> n.equals("process conveyor.sync-requests")));
        }
        return hops;
    }

    /** The hops of a Git push that is synced to every stage. */
    static List<Hop> pushToSync(int applications) {
        List<Hop> hops = new ArrayList<>(List.of(
                Hop.of("webhook-ingest received the push", "webhook-ingest", n -> n.startsWith("POST ")),
                Hop.of("webhook-ingest published CommitPushed", "webhook-ingest", n -> n.equals("send conveyor.commits")),
                Hop.of("syncer routed the commit", "syncer", n -> n.equals("process conveyor.commits"))));
        for (int i = 0; i < applications; i++) {
            hops.add(Hop.of("syncer synced application " + (i + 1) + " of " + applications, "syncer",
                    n -> n.equals("process conveyor.sync-requests")));
        }
        return hops;
    }

    /**
     * Waits for the trace to hold every hop (a hop listed k times needs k distinct spans) and returns the hops that it
     * does not hold after {@code timeout}.
     */
    static List<String> missing(TraceCollector collector, String traceId, List<Hop> hops, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> missing;
        do {
            missing = unmatched(collector.trace(traceId), hops);
            if (missing.isEmpty()) return missing;
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return missing;
    }

    private static List<String> unmatched(List<CollectedSpan> trace, List<Hop> hops) {
        List<String> missing = new ArrayList<>();
        matched(trace, hops, missing);
        return missing;
    }

    /** The span of each hop found (a hop listed k times takes k distinct spans); the others' names go to {@code missing}. */
    private static List<CollectedSpan> matched(List<CollectedSpan> trace, List<Hop> hops, List<String> missing) {
        List<CollectedSpan> unused = new ArrayList<>(trace);
        List<CollectedSpan> found = new ArrayList<>();
        for (Hop hop : hops) {
            CollectedSpan match = unused.stream().filter(hop.span()).findFirst().orElse(null);
            if (match == null) {
                missing.add(hop.what());
            } else {
                unused.remove(match);
                found.add(match);
            }
        }
        return found;
    }

    /** The hops' spans in time order, as "+1.234 s  service  name" from the trace's first span. */
    static List<String> timeline(TraceCollector collector, String traceId, List<Hop> hops) {
        List<CollectedSpan> trace = collector.trace(traceId);
        if (trace.isEmpty()) return List.of();
        long first = trace.get(0).startNanos();
        return matched(trace, hops, new ArrayList<>()).stream()
                .sorted(java.util.Comparator.comparingLong(CollectedSpan::startNanos))
                .map(s -> String.format("+%6.3f s  %-14s %s", (s.startNanos() - first) / 1e9, s.service(), s.name()))
                .toList();
    }

    /** "trace 4bf9…: 61 spans over 14.2 s — webhook-ingest 3, image-watcher 4, promoter 30, syncer 18, notifier 6". */
    static String summary(TraceCollector collector, String traceId) {
        List<CollectedSpan> trace = collector.trace(traceId);
        if (trace.isEmpty()) return "trace " + traceId + ": no spans";
        long first = trace.stream().mapToLong(CollectedSpan::startNanos).min().orElse(0);
        long last = trace.stream().mapToLong(CollectedSpan::endNanos).max().orElse(0);
        StringBuilder services = new StringBuilder();
        for (Map.Entry<String, Integer> e : collector.perService(traceId).entrySet()) {
            if (!services.isEmpty()) services.append(", ");
            services.append(e.getKey()).append(' ').append(e.getValue());
        }
        return String.format("trace %s: %d spans over %.1f s — %s", traceId, trace.size(), (last - first) / 1e9, services);
    }
}
