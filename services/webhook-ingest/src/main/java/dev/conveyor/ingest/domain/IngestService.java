package dev.conveyor.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.ingest.domain.EventPublisher.PublishFailedException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The front door's decisions, in order: is the receiver enabled, is the request genuine, is the body something we
 * understand, is it a delivery we already published, and did Kafka take it. Plain Java: the HTTP resource and the
 * Kafka producer are adapters around it.
 */
public final class IngestService {

    private final WebhookAuthenticator authenticator;
    private final Function<Provider, Normaliser> normalisers;
    private final DeliveryLog deliveries;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration duplicateWait;

    public IngestService(WebhookAuthenticator authenticator, Function<Provider, Normaliser> normalisers,
                         DeliveryLog deliveries, EventPublisher publisher, Clock clock, Duration duplicateWait) {
        this.authenticator = authenticator;
        this.normalisers = normalisers;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.clock = clock;
        this.duplicateWait = duplicateWait;
    }

    public IngestOutcome ingest(WebhookRequest request, Optional<String> pathToken) {
        Provider provider = request.provider();
        if (!authenticator.enabled(provider)) {
            return new IngestOutcome.Disabled(disabledReason(provider));
        }
        Optional<String> matchedSecret = authenticator.authenticate(request, pathToken);
        if (matchedSecret.isEmpty()) {
            return new IngestOutcome.Unauthorized(unauthorizedReason(provider, request, pathToken));
        }
        Normalised normalised;
        try {
            JsonNode body = WebhookBody.parse(request);
            normalised = normalisers.apply(provider).normalise(request, body);
        } catch (WebhookBody.UnsupportedMediaType e) {
            return new IngestOutcome.UnsupportedMediaType(e.getMessage());
        } catch (MalformedWebhookException e) {
            return new IngestOutcome.Malformed(e.getMessage());
        } catch (RuntimeException e) {
            // A payload shape no normaliser anticipated is still the sender's malformed body, not our 500.
            return new IngestOutcome.Malformed("cannot read " + provider.id() + " payload: " + e);
        }
        if (normalised instanceof Normalised.Ignored ignored) {
            return new IngestOutcome.Ignored(ignored.reason(), ignored.ping());
        }
        List<ConveyorEvent> events = ((Normalised.Events) normalised).events();
        ReceiverSecrets secrets = authenticator.secretsOf(provider);
        for (ConveyorEvent event : events) {
            // A repository with its own secret accepts only that one: another repository's secret must not sign for it.
            if (!secrets.secretFor(event.partitionKey()).equals(matchedSecret)) {
                return new IngestOutcome.Unauthorized("signature is not valid for " + event.partitionKey());
            }
        }
        String deliveryId = deliveryId(request);
        return publishOnce(deliveryId, envelopes(provider, deliveryId, events));
    }

    private IngestOutcome publishOnce(String deliveryId, List<Envelope<?>> envelopes) {
        for (int attempt = 0; attempt < 2; attempt++) {
            DeliveryLog.Claim claim = deliveries.claim(deliveryId);
            if (claim instanceof DeliveryLog.Claim.Duplicate duplicate) {
                try {
                    duplicate.published().get(duplicateWait.toMillis(), TimeUnit.MILLISECONDS);
                    return new IngestOutcome.Duplicate(deliveryId);
                } catch (ExecutionException | CompletionException firstCopyFailed) {
                    continue; // the first copy was not published: this copy tries
                } catch (TimeoutException e) {
                    return new IngestOutcome.Unavailable("the same delivery is still being published");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new IngestOutcome.Unavailable("interrupted");
                }
            }
            try {
                IngestOutcome.Accepted accepted = new IngestOutcome.Accepted(publisher.publish(envelopes));
                deliveries.published(deliveryId);
                return accepted;
            } catch (PublishFailedException | RuntimeException e) {
                deliveries.failed(deliveryId, e);
                return new IngestOutcome.Unavailable("event bus unavailable: " + e.getMessage());
            }
        }
        return new IngestOutcome.Unavailable("the same delivery failed to publish concurrently");
    }

    /**
     * The provider's delivery id when it sends one (stable across its redeliveries), else a hash of provider and body:
     * the same fact gets the same {@code ce_id}, so consumers de-duplicate.
     */
    static String deliveryId(WebhookRequest request) {
        Provider provider = request.provider();
        return provider.deliveryIdHeader()
                .flatMap(h -> request.headers().get(h))
                .map(id -> provider.id() + ":" + id)
                .orElseGet(() -> provider.id() + ":sha256:" + Signatures.sha256Hex(concat(provider.id(), request.body())));
    }

    private List<Envelope<?>> envelopes(Provider provider, String deliveryId, List<ConveyorEvent> events) {
        URI source = URI.create("/conveyor/webhook-ingest/" + provider.id());
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Envelope<?>> envelopes = new ArrayList<>(events.size());
        for (ConveyorEvent event : events) {
            // One delivery may carry several facts (a Bitbucket push of two refs): each gets its own stable id.
            String id = events.size() == 1 ? deliveryId
                    : deliveryId + "/" + HexFormat.of().formatHex(
                    Signatures.sha256(event.partitionKey() + "\n" + event.subject())).substring(0, 16);
            envelopes.add(new Envelope<>(id, source, now, event));
        }
        return envelopes;
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] p = (prefix + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[p.length + body.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(body, 0, all, p.length, body.length);
        return all;
    }

    public static String disabledReason(Provider provider) {
        return "receiver " + provider.id() + " is disabled: no secret configured (set "
                + secretEnvVar(provider) + ")";
    }

    /** The environment variable that configures a receiver's secret. */
    public static String secretEnvVar(Provider provider) {
        return "CONVEYOR_INGEST_RECEIVERS_" + provider.id().toUpperCase().replace('-', '_') + "_SECRET";
    }

    private static String unauthorizedReason(Provider provider, WebhookRequest request, Optional<String> pathToken) {
        return switch (provider.auth()) {
            case PATH_TOKEN -> pathToken.isEmpty()
                    ? "missing token: post to /webhooks/" + provider.id() + "/<token>"
                    : "invalid token";
            default -> request.headers().get(provider.authHeader()).isEmpty()
                    ? "missing " + provider.authHeader() + " header"
                    : "invalid " + provider.authHeader();
        };
    }
}
