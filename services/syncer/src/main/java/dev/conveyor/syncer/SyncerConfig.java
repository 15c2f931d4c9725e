package dev.conveyor.syncer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The syncer's configuration ({@code conveyor.syncer.*}). */
@ConfigMapping(prefix = "conveyor.syncer")
public interface SyncerConfig {

    /** Where Application (and ApplicationSet) declarations live: the control repository. */
    Declarations declarations();

    /** Local Git clone cache. */
    Git git();

    /** Safety-net resync of every automated application, on top of the event-driven syncs. */
    Resync resync();

    /** Self-heal back-off when something keeps changing managed objects (a fight with another controller). */
    SelfHeal selfHeal();

    /** Kubernetes destinations. */
    Clusters clusters();

    /** The REST API: who may change things through it. */
    Api api();

    /** How many past syncs to keep per application (history and rollback targets). */
    @WithDefault("10")
    int historyLimit();

    /** How many rendered revisions to keep in memory. */
    @WithDefault("512")
    int renderCacheSize();

    /** Per-wave health wait, and how long a hook may run. */
    @WithDefault("PT5M")
    Duration waveTimeout();

    /** Custom health checks: {@code group/Kind} (core kinds: {@code /Kind}) → CEL expression over {@code obj}. */
    Map<String, String> healthChecks();

    interface Declarations {
        /** Control repository URL; when unset, no Application is loaded (the syncer idles). */
        Optional<String> repoUrl();

        /** Branch, tag or sha of the control repository. */
        @WithDefault("HEAD")
        String revision();

        /** Directory inside the control repository. */
        @WithDefault("")
        Optional<String> path();
    }

    interface Git {
        /** Where clones and checked-out trees are kept. */
        @WithDefault("${java.io.tmpdir}/conveyor-syncer-git")
        String cacheDir();

        /**
         * A repository fetched less than this long ago is not fetched again for a safety-net resync (commit and
         * declaration work names its sha, fetched only when missing): many applications on one repository cost one fetch.
         */
        @WithDefault("PT2S")
        Duration minFetchInterval();

        /** Timeout of every remote Git operation. */
        @WithDefault("PT60S")
        Duration timeout();
    }

    interface Resync {
        /** Interval of the safety-net resync; each application gets a random offset within it (jitter). */
        @WithDefault("PT3M")
        Duration interval();

        @WithDefault("true")
        boolean enabled();
    }

    interface SelfHeal {
        /** First delay before re-applying after drift. */
        @WithDefault("PT2S")
        Duration initialBackoff();

        /** Longest delay between self-heals when drift keeps coming back. */
        @WithDefault("PT3M")
        Duration maxBackoff();
    }

    interface Api {
        /**
         * Who may call the state-changing endpoints (sync, rollback, pause, resume). Callers authenticate with a bearer
         * JWT verified by SmallRye JWT ({@code mp.jwt.verify.*}, see docs/syncer.md); reads need no token.
         */
        Operators operators();

        interface Operators {
            /**
             * Users who are operators, whatever their groups: the token's {@code upn}, else {@code preferred_username},
             * else {@code sub}. None by default.
             */
            Optional<Set<String>> users();

            /**
             * Groups (the token's {@code groups} claim) whose members are operators. To admit only the listed users,
             * set a group name your identity provider never issues.
             */
            @WithDefault("conveyor-operators")
            Set<String> groups();
        }
    }

    interface Clusters {
        /**
         * Kubeconfig file with one context per destination cluster name; {@code in-cluster} always means the client's
         * default configuration (the cluster the syncer runs in, or the current kubeconfig context).
         */
        Optional<String> kubeconfig();
    }
}
