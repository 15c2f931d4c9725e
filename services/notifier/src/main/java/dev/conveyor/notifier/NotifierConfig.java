package dev.conveyor.notifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The notifier's configuration ({@code conveyor.notifier.*}). Secrets may come from the environment or files. */
@ConfigMapping(prefix = "conveyor.notifier")
public interface NotifierConfig {

    /** Where Subscription declarations live (and Applications, for their labels): the control repository. */
    Declarations declarations();

    /** Local Git clone cache for the control repository. */
    Git git();

    /** Topics whose events are matched against subscriptions. A topic that does not exist yet is waited for. */
    @WithDefault("conveyor.syncs,conveyor.promotions,conveyor.images")
    List<String> topics();

    /** Consumer group: replicas of the notifier share the events' partitions. */
    @WithDefault("conveyor-notifier")
    String groupId();

    /**
     * Compacted topic of delivery records (key = delivery id), read to its end on start before any event is
     * consumed. Created with one partition when missing, so records of one incident are read back in order.
     */
    @WithDefault("conveyor.notifier.deliveries")
    String deliveriesTopic();

    /** Where notifications that could not be delivered go, with the reason. */
    @WithDefault("conveyor.notifier.dead-letters")
    String deadLetterTopic();

    /** Retries of a failed send. */
    Retry retry();

    /** Timeout of every HTTP call to a destination (connect, and the whole exchange). */
    @WithDefault("PT10S")
    Duration httpTimeout();

    /** How many sends may run at once (messages of one incident on one destination always go in order). */
    @WithDefault("8")
    int parallelism();

    /** Most events read per poll; also the unit of one offset commit. */
    @WithDefault("200")
    int maxPollRecords();

    /** Links put in messages. */
    Links links();

    /** The built-in subscriptions. */
    Defaults defaults();

    /** {@code payload.source} for PagerDuty when an event names no application. */
    @WithDefault("conveyor")
    String pagerdutySource();

    /** Destinations by name; Subscriptions refer to these names. Holds the secrets. */
    Map<String, Destination> destinations();

    interface Declarations {
        /** Control repository URL; when unset, only the built-in subscriptions are used. */
        Optional<String> repoUrl();

        /** Branch, tag or sha of the control repository. */
        @WithDefault("HEAD")
        String revision();

        /** Directory inside the control repository. */
        Optional<String> path();

        /** How often the control repository is fetched again for new or changed Subscriptions. */
        @WithDefault("PT1M")
        Duration refreshInterval();
    }

    interface Git {
        /** Where clones and checked-out trees are kept. */
        @WithDefault("${java.io.tmpdir}/conveyor-notifier-git")
        String cacheDir();

        /** Timeout of every remote Git operation. */
        @WithDefault("PT60S")
        Duration timeout();
    }

    interface Retry {
        /** Attempts in all, the first included; then the notification is dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /** Delay before the second attempt; doubles each time, with jitter. */
        @WithDefault("PT1S")
        Duration initialDelay();

        /** Longest delay between attempts. */
        @WithDefault("PT30S")
        Duration maxDelay();

        /** Longest 429 Retry-After honoured; a longer one dead-letters the notification. */
        @WithDefault("PT2M")
        Duration maxRetryAfter();
    }

    interface Links {
        /** The application's page, with {@code {application}} in it, e.g. {@code https://conveyor.example.com/apps/{application}}. */
        Optional<String> applicationUrl();
    }

    interface Defaults {
        /** Whether the built-in subscriptions are active. */
        @WithDefault("true")
        boolean enabled();

        /** Destination names the built-ins go to; none means no built-in sends anything. */
        Optional<List<String>> destinations();

        /** Which built-ins: on-sync-failed, on-health-degraded, on-deployed, on-promotion-awaiting-approval, on-promotion-failed, on-drift-detected. */
        @WithDefault("on-sync-failed,on-health-degraded,on-deployed,on-promotion-awaiting-approval,on-promotion-failed,on-drift-detected")
        List<String> triggers();

        /** Digest window of the built-ins on chat destinations (not for those with a resolve). */
        @WithDefault("PT30S")
        Duration digestWindow();
    }

    interface Destination {
        /** slack, pagerduty, teams or webhook. */
        String kind();

        /** Slack incoming webhook URL, Teams workflow URL, or webhook URL. Secret. */
        Optional<String> url();

        /** Slack bot token (xoxb-...), for chat.postMessage and threads. Secret. */
        Optional<String> token();

        /** Slack channel for the bot token. */
        Optional<String> channel();

        /** Slack Web API base URL. */
        @WithDefault("https://slack.com/api")
        String apiUrl();

        /** PagerDuty integration (routing) key. Secret. */
        Optional<String> routingKey();

        /** PagerDuty Events API base URL. */
        @WithDefault("https://events.pagerduty.com")
        String baseUrl();

        /** HMAC-SHA256 key of a webhook destination. Secret. */
        Optional<String> signingKey();
    }
}
