package dev.conveyor.notifier.destination;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class HttpPosterTest {

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(HttpPoster.retryAfter("30")).isEqualTo(Duration.ofSeconds(30));
        String inAMinute = ZonedDateTime.now().plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(HttpPoster.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
        assertThat(HttpPoster.retryAfter("soon")).isNull();
        assertThat(HttpPoster.retryAfter(null)).isNull();
    }

    @Test
    void secretsMaskThemselves() {
        Secret s = Secret.of("https://hooks.slack.com/services/T0/B0/abc");
        assertThat(s).hasToString("****");
        assertThat(s.mask("POST https://hooks.slack.com/services/T0/B0/abc failed")).isEqualTo("POST **** failed");
    }
}
