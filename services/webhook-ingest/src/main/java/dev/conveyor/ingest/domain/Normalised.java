package dev.conveyor.ingest.domain;

import dev.conveyor.events.ConveyorEvent;

import java.util.List;

/** What a verified webhook means: events to publish, or a deliberate "nothing to do" with the reason. */
public sealed interface Normalised {

    /** One or more events (a Bitbucket push may move several refs, a Quay push several tags). */
    record Events(List<ConveyorEvent> events) implements Normalised {
        public Events {
            if (events == null || events.isEmpty()) {
                throw new IllegalArgumentException("Events needs at least one event; use Ignored");
            }
            events = List.copyOf(events);
        }
    }

    /** A delivery we understand and deliberately do not publish (a ping, a pull, an npm package, a delete). */
    record Ignored(String reason, boolean ping) implements Normalised {
        public static Ignored because(String reason) {
            return new Ignored(reason, false);
        }

        public static Ignored ping(String reason) {
            return new Ignored(reason, true);
        }
    }
}
