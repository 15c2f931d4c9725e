package dev.conveyor.cli.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @Test
    void readsTheUsualForms() {
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesNonsenseAndZero() {
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
    }

    @Test
    void formatsBack() {
        assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }
}
