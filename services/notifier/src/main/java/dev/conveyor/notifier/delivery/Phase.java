package dev.conveyor.notifier.delivery;

/** Whether a notification says that something needs attention, or that it is over. */
public enum Phase {
    /** A problem or a fact worth telling: PagerDuty trigger (or change event), a chat message. */
    TRIGGER,
    /** The incident of the same key healed: PagerDuty resolve, a reply in the Slack thread. */
    RESOLVE
}
