package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;

class WriteTypesTest {

    @Test
    void backoffIsFullJitterUnderAnExponentialCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            assertThat(p.backoff(1, random)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(p.backoff(3, random)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(p.backoff(30, random)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
        assertThat(new RetryPolicy(1, Duration.ZERO, Duration.ZERO).backoff(5, random)).isZero();
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsAreRepositoryRelative() {
        FileEdit any = ImageEdits.markers("p", ImageVersion.ofTag("a", "1"), true, false);
        assertThat(new FileChange("./apps/x.yaml", any).path()).isEqualTo("apps/x.yaml");
        assertThat(new FileChange("/apps/x.yaml", any).path()).isEqualTo("apps/x.yaml");
        for (String bad : List.of("", "apps/../x.yaml", "apps/", ".git/config", "a\\b")) {
            assertThatThrownBy(() -> new FileChange(bad, any)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void branchesAreShortNamesOfValidRefs() {
        FileChange c = new FileChange("a.yaml", ImageEdits.markers("p", ImageVersion.ofTag("a", "1"), true, false));
        PersonIdent who = new PersonIdent("a", "a@example.com");
        assertThat(new WriteRequest("file:///r", "refs/heads/main", List.of(c), "m", who).branch()).isEqualTo("main");
        assertThat(new WriteRequest("file:///r", "main", List.of(c), "m", who).ref()).isEqualTo("refs/heads/main");
        assertThatThrownBy(() -> new WriteRequest("file:///r", "a..b", List.of(c), "m", who))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriteRequest("file:///r", "main", List.of(), "m", who))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
