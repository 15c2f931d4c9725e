package dev.conveyor.promoter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The promoter's configuration ({@code conveyor.promoter.*}). Token verification: {@code mp.jwt.verify.*}. */
@ConfigMapping(prefix = "conveyor.promoter")
public interface PromoterConfig {

    /** Where Pipeline declarations live: the control repository. */
    Declarations declarations();

    /** Git write-back of promotions and ancestry checks. */
    Git git();

    /** How the state is rebuilt from conveyor.promotions at start. */
    Rebuild rebuild();

    interface Declarations {
        /** Control repository URL; when unset, no Pipeline is loaded. */
        Optional<String> repoUrl();

        /** Branch, tag or sha of the control repository. */
        @WithDefault("HEAD")
        String revision();

        /** Directory inside the control repository. */
        Optional<String> path();
    }

    interface Git {
        /** Where clones are kept. */
        @WithDefault("${java.io.tmpdir}/conveyor-promoter-git")
        String workDir();

        /** Timeout of every remote Git operation. */
        @WithDefault("PT60S")
        Duration timeout();

        /** Push attempts when other writers move the branch. */
        @WithDefault("8")
        int maxAttempts();

        /** First back-off after a rejected push; doubles up to {@link #maxBackoff()}, full jitter. */
        @WithDefault("PT0.2S")
        Duration initialBackoff();

        @WithDefault("PT5S")
        Duration maxBackoff();

        /** Promotion commits' author and committer. */
        @WithDefault("conveyor-promoter")
        String authorName();

        @WithDefault("promoter@conveyor.dev")
        String authorEmail();

        /** HTTPS credentials by repository URL prefix: {@code credentials."<prefix>".username/password}. */
        Map<String, Credential> credentials();

        interface Credential {
            @WithDefault("x-access-token")
            String username();

            String password();
        }
    }

    interface Rebuild {
        /** How long the start may take to read conveyor.promotions to its end before the service reports unready. */
        @WithDefault("PT60S")
        Duration timeout();
    }
}
