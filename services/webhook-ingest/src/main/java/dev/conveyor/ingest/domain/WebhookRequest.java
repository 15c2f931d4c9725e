package dev.conveyor.ingest.domain;

import java.util.Objects;

/**
 * A webhook as it arrived, before anything about it is trusted.
 *
 * @param body the exact body bytes: signatures are computed over these, never over a re-serialisation
 */
public record WebhookRequest(Provider provider, Headers headers, byte[] body) {

    public WebhookRequest {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
