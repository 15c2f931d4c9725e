package dev.conveyor.ingest.domain;

/** The body or its headers cannot be turned into an event: answered with 400 and this message as the reason. */
public class MalformedWebhookException extends Exception {

    public MalformedWebhookException(String reason) {
        super(reason);
    }

    public MalformedWebhookException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
