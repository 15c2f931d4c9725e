package dev.conveyor.promoter.pipeline;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A recurring window in which promotions into a stage are frozen: it opens at each time the cron expression (Unix
 * five-field syntax, via cron-utils) names, in its time zone, and lasts {@code duration}. E.g. Friday 16:00 for 64 h
 * freezes weekends: {@code cron: "0 16 * * 5", duration: 64h, timeZone: Europe/Berlin}.
 */
public final class FreezeWindow {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String cron;
    private final Duration duration;
    private final ZoneId zone;
    private final ExecutionTime execution;

    public FreezeWindow(String cron, Duration duration, ZoneId zone) {
        this.cron = cron;
        this.duration = duration;
        this.zone = zone;
        this.execution = ExecutionTime.forCron(PARSER.parse(cron).validate());
    }

    /** When the window that contains {@code now} ends; empty when {@code now} is outside every window. */
    public Optional<Instant> activeUntil(Instant now) {
        ZonedDateTime at = now.atZone(zone);
        // The latest opening at or before now (an opening exactly now counts).
        Optional<ZonedDateTime> last = execution.lastExecution(at.plusSeconds(1));
        if (last.isPresent() && last.get().isAfter(at)) last = execution.lastExecution(at);
        if (last.isEmpty()) return Optional.empty();
        Instant end = last.get().toInstant().plus(duration);
        return end.isAfter(now) ? Optional.of(end) : Optional.empty();
    }

    public String cron() {
        return cron;
    }

    public Duration duration() {
        return duration;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreezeWindow f && f.cron.equals(cron) && f.duration.equals(duration) && f.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return cron.hashCode() * 31 + duration.hashCode();
    }

    @Override
    public String toString() {
        return "freeze " + cron + " for " + duration + " (" + zone + ")";
    }
}
