package dev.conveyor.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one provider's verified webhook into Conveyor events. Plain Java: no HTTP, no Kafka. */
public interface Normaliser {

    /**
     * @param request the request (headers tell the event kind for Git hosts)
     * @param body    the parsed JSON body (for GitHub form deliveries, the {@code payload} field already unwrapped)
     * @throws MalformedWebhookException when a field we need is missing or has the wrong shape, or the event kind
     *                                   is unknown; the message is the reason given to the sender
     */
    Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException;
}
