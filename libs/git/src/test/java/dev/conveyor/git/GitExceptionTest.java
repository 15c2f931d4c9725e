package dev.conveyor.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GitExceptionTest {

    @TempDir
    Path tmp;

    @Test
    void redactsUserInfoInUrls() {
        assertThat(GitException.redact("fetch https://alice:s3cret@git.example.com/a/b.git failed"))
                .isEqualTo("fetch https://***@git.example.com/a/b.git failed");
        assertThat(GitException.redact("http://token@host/x and ssh://git@host/y"))
                .isEqualTo("http://***@host/x and ssh://***@host/y");
        assertThat(GitException.redact("git@github.com:acme/app.git")).isEqualTo("git@github.com:acme/app.git");
    }

    @Test
    void masksSecretsInTheMessageAndTheWholeCauseChain() {
        Exception cause = new RuntimeException("auth with tok-123456 refused",
                new IllegalStateException("https://bob:tok-123456@h/r"));
        GitException e = new GitException(GitException.Reason.AUTHENTICATION, "fetch failed: tok-123456", cause,
                List.of("tok-123456"));

        assertThat(e.getMessage()).isEqualTo("fetch failed: ***");
        assertThat(stackTrace(e)).doesNotContain("tok-123456").contains("java.lang.RuntimeException: auth with ***");
        assertThat(e.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void credentialsInTheUrlNeverAppearInFetchErrors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://alice:s3cr3t-pass@127.0.0.1:" + port + "/acme/app.git";
        try (RepositoryCache cache = new RepositoryCache(tmp, Duration.ofSeconds(5),
                u -> Optional.of(Credentials.token("tok-from-lookup")))) {
            assertThatThrownBy(() -> cache.fetch(url)).isInstanceOfSatisfying(GitException.class, e -> {
                assertThat(e.reason()).isEqualTo(GitException.Reason.REMOTE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain("s3cr3t-pass");
                assertThat(stackTrace(e)).doesNotContain("s3cr3t-pass").doesNotContain("tok-from-lookup");
            });
            assertThatThrownBy(() -> cache.resolve(url, "main"))
                    .hasMessageNotContaining("s3cr3t-pass");
        }
    }

    @Test
    void aSilentRemoteTimesOut() throws Exception {
        // Accepts connections (the backlog completes the handshake) and never answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             RepositoryCache cache = new RepositoryCache(tmp, Duration.ofSeconds(1))) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/acme/app.git";
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> cache.fetch(url)).isInstanceOfSatisfying(GitException.class,
                    e -> assertThat(e.reason()).isEqualTo(GitException.Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void credentialsToStringHidesTheSecret() {
        assertThat(Credentials.of("bob", "hunter2").toString()).doesNotContain("hunter2");
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
