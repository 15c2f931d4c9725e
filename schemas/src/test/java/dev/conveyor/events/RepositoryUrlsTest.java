package dev.conveyor.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryUrlsTest {

    @ParameterizedTest
    @CsvSource({
            "https://github.com/Codertocat/Hello-World.git, https://github.com/Codertocat/Hello-World",
            "https://GitHub.com/Codertocat/Hello-World/, https://github.com/Codertocat/Hello-World",
            "git@github.com:Codertocat/Hello-World.git, https://github.com/Codertocat/Hello-World",
            "ssh://git@bitbucketserver:7999/myproject/test-repo.git, https://bitbucketserver/myproject/test-repo",
            "https://user:token@gitlab.com/group/sub/proj.git, https://gitlab.com/group/sub/proj",
            "https://gitlab.com:443/group/proj, https://gitlab.com/group/proj",
            "http://localhost:3000/gitea/webhooks.git, http://localhost:3000/gitea/webhooks",
            "git+https://github.com/a/b, https://github.com/a/b",
            "file:///tmp/repos/app.git/, file:///tmp/repos/app.git",
    })
    void canonicalForms(String in, String expected) {
        assertThat(RepositoryUrls.canonical(in)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not a url", "ftp://host/x"})
    void rejectsWhatIsNotARepositoryUrl(String in) {
        assertThatThrownBy(() -> RepositoryUrls.canonical(in)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorMessagesDoNotLeakCredentials() {
        assertThatThrownBy(() -> RepositoryUrls.canonical("https://user:s3cret@ho st/x"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aConfiguredUrlNamesTheRepositoryAnEventNames() {
        String fromEvent = RepositoryUrls.canonical("https://github.com/Acme/Payments.git");
        assertThat(RepositoryUrls.names("git@github.com:acme/payments.git", fromEvent)).isTrue();
        assertThat(RepositoryUrls.names("https://github.com/acme/payments", fromEvent)).isTrue();
        assertThat(RepositoryUrls.names("https://github.com/acme/search", fromEvent)).isFalse();
        assertThatThrownBy(() -> RepositoryUrls.names(" ", fromEvent))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
