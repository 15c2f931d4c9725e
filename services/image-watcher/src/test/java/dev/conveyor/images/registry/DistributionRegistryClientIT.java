package dev.conveyor.images.registry;

import dev.conveyor.images.engine.VersionChooser;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.policy.Strategy;
import dev.conveyor.images.policy.WriteBack;
import dev.conveyor.testing.registry.ImagePusher;
import dev.conveyor.testing.registry.RegistryProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The registry client and the strategies that need the registry, against a real CNCF distribution registry. */
class DistributionRegistryClientIT {

    static RegistryProcess registry;
    static ImagePusher pusher;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RegistryProcess.binary().isPresent(), RegistryProcess.missingMessage());
        registry = RegistryProcess.builder().start();
        pusher = new ImagePusher(registry.baseUri());
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    record Seen(String registry, String request, int status) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    DistributionRegistryClient client(int pageSize) {
        return new DistributionRegistryClient(new DistributionRegistryClient.Settings(Duration.ofSeconds(10), 6000,
                Duration.ofSeconds(5), 3, Duration.ofSeconds(5), Set.of(), pageSize),
                (r, kind, status) -> seen.add(new Seen(r, kind, status)), Clock.systemUTC());
    }

    static ImagePolicy policy(String image, Strategy strategy, String platform, String allow) {
        return new ImagePolicy("p", ImageRef.parse(image), strategy, allow == null ? null : Pattern.compile(allow),
                List.of(), platform == null ? null : Platform.parse(platform), null,
                new WriteBack("file:///x", "main", "x.yaml", new WriteBack.Marker(true, false), WriteBack.DEFAULT_MESSAGE,
                        "a", "a@b"), "f.yaml");
    }

    @Test
    void listsEveryTagOfARepository() throws Exception {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 23; i++) pusher.push("acme/many", "1.0." + i, t.plusSeconds(i));
        List<String> tags = client(1000).tags(ImageRef.parse(registry.host() + "/acme/many"), RegistryCredentials.ANONYMOUS);
        assertThat(tags).hasSize(23).contains("1.0.0", "1.0.22");
    }

    @Test
    void semverChoosesHighestAndPinsItsDigestWithOneHead() throws Exception {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        for (String tag : List.of("1.2.0", "v1.2.7", "1.3.0-rc.1", "2.0.0", "latest")) pusher.push("acme/semver", tag, t);
        ImagePusher.Pushed chosen = pusher.push("acme/semver", "1.2.11", t);
        VersionChooser chooser = new VersionChooser(client(1000));
        Optional<VersionChooser.Choice> choice = chooser.choose(
                policy(registry.host() + "/acme/semver", new Strategy.Semver("^1.2", false), null, null), RegistryCredentials.ANONYMOUS);
        assertThat(choice).contains(new VersionChooser.Choice("1.2.11", chosen.digest()));
        assertThat(seen).extracting(Seen::request).containsExactly("tags", "manifest-head");
    }

    @Test
    void newestBuildReadsCreationTimesAndCachesImmutableParts() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        // Tag names in the opposite order of build times: only the config blob knows which is newest.
        pusher.push("acme/builds", "build-c", t.minusSeconds(3600));
        ImagePusher.Pushed newest = pusher.push("acme/builds", "build-a", t);
        pusher.push("acme/builds", "build-b", t.minusSeconds(60));
        DistributionRegistryClient client = client(1000);
        VersionChooser chooser = new VersionChooser(client);
        ImagePolicy p = policy(registry.host() + "/acme/builds", new Strategy.NewestBuild(), null, "^build-");
        assertThat(chooser.choose(p, RegistryCredentials.ANONYMOUS)).contains(new VersionChooser.Choice("build-a", newest.digest()));
        int first = seen.size();
        seen.clear();
        assertThat(chooser.choose(p, RegistryCredentials.ANONYMOUS)).map(VersionChooser.Choice::tag).contains("build-a");
        // Second scan: the tag list and one HEAD per tag; manifests and configs come from the cache.
        assertThat(seen).extracting(Seen::request).containsOnly("tags", "manifest-head").hasSize(4);
        assertThat(first).isGreaterThan(seen.size());
    }

    @Test
    void platformFilterSkipsTagsWhoseIndexLacksThePlatform() throws Exception {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        ImagePusher.Pushed amd = pusher.push("acme/multi", "tmp-amd-3", t, "linux", "amd64", null);
        String onlyAmd = pusher.pushIndex("acme/multi", "3.0.0", List.of(amd));
        ImagePusher.Pushed amd2 = pusher.push("acme/multi", "tmp-amd-2", t, "linux", "amd64", null);
        ImagePusher.Pushed arm2 = pusher.push("acme/multi", "tmp-arm-2", t, "linux", "arm64", "v8");
        String both = pusher.pushIndex("acme/multi", "2.9.0", List.of(amd2, arm2));

        DistributionRegistryClient client = client(1000);
        ImageRef image = ImageRef.parse(registry.host() + "/acme/multi");
        ManifestInfo info = client.manifest(image, "2.9.0", Platform.parse("linux/arm64"), RegistryCredentials.ANONYMOUS).orElseThrow();
        assertThat(info.digest()).isEqualTo(both);
        assertThat(info.imageDigest()).isEqualTo(arm2.digest());
        assertThat(info.platforms()).containsExactly(new Platform("linux", "amd64", null), new Platform("linux", "arm64", "v8"));
        assertThat(client.manifest(image, "3.0.0", Platform.parse("linux/arm64"), RegistryCredentials.ANONYMOUS)).isEmpty();

        VersionChooser chooser = new VersionChooser(client);
        Strategy semver = new Strategy.Semver(">=2.0.0", false);
        assertThat(chooser.choose(policy(image.toString(), semver, "linux/arm64", null), RegistryCredentials.ANONYMOUS))
                .contains(new VersionChooser.Choice("2.9.0", both));
        assertThat(chooser.choose(policy(image.toString(), semver, "linux/amd64", null), RegistryCredentials.ANONYMOUS))
                .contains(new VersionChooser.Choice("3.0.0", onlyAmd));
    }

    @Test
    void digestStrategyFollowsAMutableTag() throws Exception {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        ImagePusher.Pushed first = pusher.push("acme/stable", "stable", t);
        VersionChooser chooser = new VersionChooser(client(1000));
        ImagePolicy p = policy(registry.host() + "/acme/stable", new Strategy.Digest("stable"), null, null);
        assertThat(chooser.choose(p, RegistryCredentials.ANONYMOUS)).contains(new VersionChooser.Choice("stable", first.digest()));
        ImagePusher.Pushed second = pusher.push("acme/stable", "stable", t.plusSeconds(60));
        assertThat(second.digest()).isNotEqualTo(first.digest());
        assertThat(chooser.choose(p, RegistryCredentials.ANONYMOUS)).contains(new VersionChooser.Choice("stable", second.digest()));
    }

    @Test
    void unknownRepositoryIsATerminalError() {
        assertThatThrownBy(() -> client(1000).tags(ImageRef.parse(registry.host() + "/acme/nope"), RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("NAME_UNKNOWN");
                });
    }

    @Test
    void honoursRetryAfterOn429AndThenSucceeds() throws Exception {
        pusher.push("acme/limited", "1.0.0", Instant.parse("2026-11-01T00:00:00Z"));
        try (ThrottlingProxy proxy = new ThrottlingProxy(registry.baseUri(), 2, "1")) {
            long start = System.nanoTime();
            List<String> tags = client(1000).tags(ImageRef.parse(proxy.host() + "/acme/limited"), RegistryCredentials.ANONYMOUS);
            assertThat(tags).containsExactly("1.0.0");
            assertThat(seen).extracting(Seen::status).containsExactly(429, 429, 200);
            // Two Retry-After: 1 pauses were waited out (a lower bound, not a timing assertion on speed).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
    }

    @Test
    void aRetryAfterLongerThanAllowedFailsRetryablyAndPausesTheRegistry() throws Exception {
        try (ThrottlingProxy proxy = new ThrottlingProxy(registry.baseUri(), 100, "3600")) {
            DistributionRegistryClient client = client(1000);
            ImageRef image = ImageRef.parse(proxy.host() + "/acme/limited");
            assertThatThrownBy(() -> client.tags(image, RegistryCredentials.ANONYMOUS))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("Retry-After");
                    });
            // The registry is paused: the next call does not reach it at all (the budget refuses within its wait).
            int before = proxy.requests.get();
            assertThatThrownBy(() -> client.tags(image, RegistryCredentials.ANONYMOUS)).isInstanceOf(RegistryException.class);
            assertThat(proxy.requests.get()).isEqualTo(before);
        }
    }

    @Test
    void bearerTokenFlowAgainstARegistryWithTokenAuth(@TempDir Path dir) throws Exception {
        try (TokenService tokens = new TokenService(dir, "ci-bot", "s3cret");
             RegistryProcess secured = RegistryProcess.builder()
                     .tokenAuth(tokens.realm(), TokenService.SERVICE, TokenService.ISSUER, tokens.certBundle()).start()) {
            ImagePusher authed = new ImagePusher(secured.baseUri(), () -> "Bearer " + tokens.token("team/private", "pull,push"));
            ImagePusher.Pushed pushed = authed.push("team/private", "4.2.0", Instant.parse("2026-11-01T00:00:00Z"));
            ImageRef image = ImageRef.parse(secured.host() + "/team/private");

            DistributionRegistryClient client = client(1000);
            RegistryCredentials basic = new RegistryCredentials.Basic("ci-bot", "s3cret");
            assertThat(client.tags(image, basic)).containsExactly("4.2.0");
            assertThat(client.digest(image, "4.2.0", basic)).isEqualTo(pushed.digest());
            // Challenge, token, retry — then the cached token serves the next request without a new challenge.
            assertThat(seen).extracting(Seen::request, Seen::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("tags", 401), org.assertj.core.groups.Tuple.tuple("token", 200),
                    org.assertj.core.groups.Tuple.tuple("tags", 200), org.assertj.core.groups.Tuple.tuple("manifest-head", 200));
            assertThat(tokens.issued.get()).isEqualTo(1);

            assertThatThrownBy(() -> client(1000).tags(image, RegistryCredentials.ANONYMOUS))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
            assertThatThrownBy(() -> client(1000).tags(image, new RegistryCredentials.Basic("ci-bot", "wrong")))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.getMessage()).contains("token service"));
        }
    }
}
