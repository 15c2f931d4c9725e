package dev.conveyor.local;

import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.testing.registry.ImagePusher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/conveyor-local --bench N}: the whole pipeline as the demo runs it, with gates that do not wait (no soak,
 * prod approved automatically), and N image pushes each followed to prod. Prints the total (registry push → prod
 * synced and healthy) at p50/p99 and each hop's median; asserts nothing, every wait bounded.
 */
final class EndToEndBench {

    private static final Duration STEP = Duration.ofSeconds(120);
    private static final List<String> HOPS = List.of(
            "registry notification → ImageTagged",
            "ImageTagged → image-watcher commit (ImageUpdated)",
            "commit → dev synced and healthy",
            "dev healthy → staging commit (PromotionStarted)",
            "staging commit → staging synced and healthy",
            "staging healthy → prod commit (PromotionStarted)",
            "prod commit → prod synced and healthy");

    private final EventLog log;
    private final LocalRegistry registry;
    private final int runs;

    EndToEndBench(EventLog log, LocalRegistry registry, int runs) {
        this.log = log;
        this.registry = registry;
        this.runs = runs;
    }

    void run() throws Exception {
        LocalStack.say("end-to-end benchmark: %d image pushes from the registry to prod; machine: %d cores, Java %s",
                runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (String stage : DemoRepos.STAGES) {
            log.await(SyncCompleted.class, s -> s.application().equals("payments-" + stage), STEP, "first sync of " + stage);
        }
        ImagePusher pusher = new ImagePusher(registry.baseUri());
        List<Long> totals = new ArrayList<>();
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        HOPS.forEach(h -> hops.put(h, new ArrayList<>()));
        for (int i = 1; i <= runs; i++) {
            String tag = "1." + i + ".0";
            pusher.push("acme/payments-api", tag, Instant.now());
            long pushed = System.nanoTime();
            long tagged = at(ImageTagged.class, e -> e.tag().equals(tag));
            ImageUpdated u = log.await(ImageUpdated.class, e -> e.to().equals(tag), STEP, "ImageUpdated " + tag);
            long updated = at(ImageUpdated.class, e -> e.to().equals(tag));
            long devSynced = log.healthyAt("payments-dev", u.commit(), STEP);
            PromotionStarted staging = log.await(PromotionStarted.class, p -> p.stage().equals("staging")
                    && p.images().get(0).tag().equals(tag), STEP, "staging " + tag);
            long stagingStarted = at(PromotionStarted.class, p -> p == staging);
            long stagingSynced = log.healthyAt("payments-staging", staging.commit(), STEP);
            PromotionStarted prod = log.await(PromotionStarted.class, p -> p.stage().equals("prod")
                    && p.images().get(0).tag().equals(tag), STEP, "prod " + tag);
            long prodStarted = at(PromotionStarted.class, p -> p == prod);
            log.await(PromotionSucceeded.class, p -> p.stage().equals("prod") && p.freight().equals(prod.freight()), STEP, "prod healthy " + tag);
            long prodSynced = log.healthyAt("payments-prod", prod.commit(), STEP);
            long[] points = {pushed, tagged, updated, devSynced, stagingStarted, stagingSynced, prodStarted, prodSynced};
            for (int h = 0; h < HOPS.size(); h++) hops.get(HOPS.get(h)).add(Math.max(0, points[h + 1] - points[h]));
            totals.add(prodSynced - pushed);
            LocalStack.say("  run %d: %s → prod in %d ms", i, tag, (prodSynced - pushed) / 1_000_000);
        }
        LocalStack.say("registry push → prod synced and healthy: p50 %d ms, p99 %d ms, max %d ms (%d runs)",
                pct(totals, 50), pct(totals, 99), pct(totals, 100), runs);
        long median = pct(totals, 50);
        for (Map.Entry<String, List<Long>> h : hops.entrySet()) {
            long m = pct(h.getValue(), 50);
            LocalStack.say("  %-52s median %5d ms  (%2.0f%% of the median total)", h.getKey(), m, 100.0 * m / Math.max(1, median));
        }
    }

    private <T extends dev.conveyor.events.ConveyorEvent> long at(Class<T> type, java.util.function.Predicate<T> match)
            throws InterruptedException {
        return log.awaitEntry(e -> type.isInstance(e) && match.test(type.cast(e)), STEP, type.getSimpleName()).at();
    }

    /** Percentile in ms of nanosecond samples (100 = max). */
    private static long pct(List<Long> nanos, int p) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1_000_000;
    }
}
