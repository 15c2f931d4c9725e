package dev.conveyor.notifier.delivery;

import java.util.List;

/** A notification to send now, and the positions of the events it completes. */
public record Planned(Notification notification, List<Position> positions) {

    public Planned {
        positions = List.copyOf(positions);
    }
}
