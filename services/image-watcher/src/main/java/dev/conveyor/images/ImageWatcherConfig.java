package dev.conveyor.images;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The image-watcher's configuration ({@code conveyor.images.*}). */
@ConfigMapping(prefix = "conveyor.images")
public interface ImageWatcherConfig {

    /** Where ImagePolicy declarations live: the control repository. */
    Declarations declarations();

    /** The safety-net scan: every policy is checked on this interval, so a lost webhook delays but never loses an update. */
    Scan scan();

    /** Registry access. */
    Registry registry();

    /** Git write-back. */
    Git git();

    interface Declarations {
        /** Control repository URL; when unset, no ImagePolicy is loaded (the watcher idles). */
        Optional<String> repoUrl();

        /** Branch, tag or sha of the control repository. */
        @WithDefault("HEAD")
        String revision();

        /** Directory inside the control repository. */
        Optional<String> path();
    }

    interface Scan {
        /** Interval between scans of one policy; each policy gets a random offset in it (jitter), so scans spread out. */
        @WithDefault("PT5M")
        Duration interval();

        @WithDefault("true")
        boolean enabled();
    }

    interface Registry {
        /** Timeout of one registry request. */
        @WithDefault("PT30S")
        Duration timeout();

        /** Per-registry request budget (Docker Hub allows anonymous users 100 pulls per 6 h; HEADs are free there). */
        @WithDefault("600")
        int requestsPerMinute();

        /** How long a request waits for the budget before the attempt fails and the next scan retries. */
        @WithDefault("PT30S")
        Duration maxBudgetWait();

        /** Retries after a 429 whose Retry-After is at most {@link #maxRetryAfter()}. */
        @WithDefault("3")
        int max429Retries();

        /** A longer Retry-After pauses the registry and fails the attempt instead of holding a thread. */
        @WithDefault("PT60S")
        Duration maxRetryAfter();

        /** Registries (host[:port]) spoken to over plain HTTP; loopback registries always are. */
        Optional<List<String>> insecure();

        /**
         * Credentials by name, as policies reference them: {@code credentials."acme".username} + {@code .password}
         * (basic, or exchanged at the registry's token service), or {@code .token} (a bearer token). Put the values in
         * the environment or a Kubernetes Secret, e.g. {@code CONVEYOR_IMAGES_REGISTRY_CREDENTIALS__ACME__PASSWORD}.
         */
        Map<String, Credential> credentials();

        interface Credential {
            Optional<String> username();

            Optional<String> password();

            Optional<String> token();
        }
    }

    interface Git {
        /** Where the write-back clones are kept. */
        @WithDefault("${java.io.tmpdir}/conveyor-image-watcher-git")
        String workDir();

        /** Timeout of every remote Git operation. */
        @WithDefault("PT60S")
        Duration timeout();

        /** Attempts of one write when other writers keep moving the branch. */
        @WithDefault("8")
        int maxAttempts();

        /** First back-off after a rejected push; doubles up to {@link #maxBackoff()}, with full jitter. */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT5S")
        Duration maxBackoff();

        /** HTTPS credentials for write-back remotes: {@code credentials."<canonical url prefix>".username/password}. */
        Map<String, GitCredential> credentials();

        interface GitCredential {
            @WithDefault("x-access-token")
            String username();

            String password();
        }
    }
}
