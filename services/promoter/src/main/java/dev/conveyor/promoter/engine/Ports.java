package dev.conveyor.promoter.engine;

import dev.conveyor.events.PromotionEvent;
import dev.conveyor.promoter.pipeline.Pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** What the promotion engine needs from the edges, one method each where possible. */
public final class Ports {

    private Ports() {
    }

    /** The declared pipelines. */
    public interface Pipelines {
        Collection<Pipeline> all();

        Optional<Pipeline> get(String name);
    }

    /** Publishes an event; durable (acknowledged by Kafka) when it returns. */
    public interface Events {
        void publish(String id, PromotionEvent event);
    }

    /** Git, through the shared write-back library and the clone cache. */
    public interface Git {
        /** Writes the freight's versions into the stage's file; the new commit, or the head that already holds them. */
        String write(Pipeline pipeline, Pipeline.Stage stage, Freight freight, String message) throws Exception;

        /** Whether {@code revision} is {@code commit} or a descendant of it. */
        boolean contains(String repoURL, String revision, String commit) throws Exception;
    }

    /** Timers: a later task replaces an earlier one with the same key. */
    public interface Timers {
        void at(Instant when, String key, Runnable task);
    }

    /** For metrics. */
    public interface Observer {
        void promotion(String pipeline, String stage, String result);

        void leadTime(String pipeline, String stage, Duration sinceFreightCreated);

        void gateWait(String pipeline, String stage, Duration waited);
    }
}
