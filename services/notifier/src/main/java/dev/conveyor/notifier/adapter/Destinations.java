package dev.conveyor.notifier.adapter;

import dev.conveyor.notifier.NotifierConfig;
import dev.conveyor.notifier.delivery.DeliveryState;
import dev.conveyor.notifier.destination.HttpPoster;
import dev.conveyor.notifier.destination.Notifier;
import dev.conveyor.notifier.destination.PagerDutyNotifier;
import dev.conveyor.notifier.destination.Secret;
import dev.conveyor.notifier.destination.SlackNotifier;
import dev.conveyor.notifier.destination.TeamsNotifier;
import dev.conveyor.notifier.destination.WebhookNotifier;
import dev.conveyor.notifier.subscription.DestinationKind;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one adapter per configured destination. A destination whose configuration is incomplete (a Slack one with
 * neither URL nor token, a webhook without a signing key) stops the start with a message that names it and the
 * missing key — never the secret values.
 */
public final class Destinations {

    private Destinations() {
    }

    /** The kind of every configured destination, by name (what Subscriptions may refer to). */
    public static Map<String, DestinationKind> kinds(NotifierConfig config) {
        Map<String, DestinationKind> kinds = new TreeMap<>();
        config.destinations().forEach((name, d) -> kinds.put(name, kind(name, d)));
        return kinds;
    }

    public static Map<String, Notifier> create(NotifierConfig config, DeliveryState state) {
        HttpPoster http = new HttpPoster(config.httpTimeout());
        Map<String, Notifier> out = new LinkedHashMap<>();
        for (Map.Entry<String, NotifierConfig.Destination> e : new TreeMap<>(config.destinations()).entrySet()) {
            String name = e.getKey();
            NotifierConfig.Destination d = e.getValue();
            out.put(name, switch (kind(name, d)) {
                case SLACK -> {
                    if (d.url().isEmpty() && (d.token().isEmpty() || d.channel().isEmpty())) {
                        throw missing(name, "url (incoming webhook), or token and channel (bot)");
                    }
                    yield new SlackNotifier(name, http, d.url().map(Secret::of), d.token().map(Secret::of), d.channel(),
                            URI.create(d.apiUrl()), state::thread);
                }
                case PAGERDUTY -> new PagerDutyNotifier(name, http,
                        Secret.of(d.routingKey().orElseThrow(() -> missing(name, "routing-key"))), d.baseUrl(),
                        config.pagerdutySource());
                case TEAMS -> new TeamsNotifier(name, http, Secret.of(d.url().orElseThrow(() -> missing(name, "url"))));
                case WEBHOOK -> new WebhookNotifier(name, http, Secret.of(d.url().orElseThrow(() -> missing(name, "url"))),
                        Secret.of(d.signingKey().orElseThrow(() -> missing(name, "signing-key"))), Clock.systemUTC());
            });
        }
        return out;
    }

    private static DestinationKind kind(String name, NotifierConfig.Destination d) {
        try {
            return DestinationKind.of(d.kind());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("conveyor.notifier.destinations." + name + ".kind must be slack, pagerduty, "
                    + "teams or webhook (was '" + d.kind() + "')");
        }
    }

    private static IllegalStateException missing(String name, String key) {
        return new IllegalStateException("conveyor.notifier.destinations." + name + " needs " + key);
    }
}
