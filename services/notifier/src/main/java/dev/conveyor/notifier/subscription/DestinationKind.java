package dev.conveyor.notifier.subscription;

import java.util.Locale;

/** What a destination talks to; a Subscription may carry one template per kind. */
public enum DestinationKind {
    SLACK, PAGERDUTY, TEAMS, WEBHOOK;

    /** The name used in configuration and in {@code spec.templates}: {@code slack}, {@code pagerduty}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DestinationKind of(String id) {
        return valueOf(id.strip().toUpperCase(Locale.ROOT));
    }
}
