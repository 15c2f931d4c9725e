package dev.conveyor.notifier.delivery;

import dev.conveyor.notifier.destination.DeliveryException;
import dev.conveyor.notifier.destination.Notifier;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void backOffGrowsWithJitterUpToTheCapAndStops() {
        Random r = new Random(7);
        for (int attempt = 1; attempt <= 3; attempt++) {
            long step = Math.min(1000L << (attempt - 1), 5000);
            Duration d = policy.delayAfter(attempt, Optional.empty(), r).orElseThrow();
            assertThat(d.toMillis()).isBetween(step / 2, step);
        }
        assertThat(policy.delayAfter(4, Optional.empty(), r)).isEmpty();
    }

    @Test
    void retryAfterWinsUnlessLongerThanAllowed() {
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(7)), new Random())).contains(Duration.ofSeconds(7));
        assertThat(policy.delayAfter(1, Optional.of(Duration.ofMinutes(5)), new Random())).isEmpty();
    }

    static Notification n() {
        InboundEvent e = new InboundEvent("id", "t", "s", "subj", null, Map.of(), null);
        return new Notification("id", List.of("id"), "sub", "hook", DestinationKind.WEBHOOK,
                Subscription.PagerDutyMode.INCIDENT, Phase.TRIGGER, "k", null, "error", List.of(e),
                new Message("t", "b", List.of(), Map.of()));
    }

    DeliveryExecutor.Outcome run(Deque<DeliveryException> failures, List<Duration> slept) {
        Notifier scripted = x -> {
            DeliveryException f = failures.poll();
            if (f != null) throw f;
            return Notifier.Receipt.NONE;
        };
        return new DeliveryExecutor(Map.of("hook", scripted), policy, slept::add, (a, b, c, d) -> { }).deliver(n());
    }

    @Test
    void transientFailuresAreRetriedThenDelivered() {
        List<Duration> slept = new ArrayList<>();
        DeliveryExecutor.Outcome o = run(new ArrayDeque<>(List.of(DeliveryException.transientFailure("500"),
                DeliveryException.rateLimited("429", Duration.ofSeconds(2)))), slept);
        assertThat(o.delivered()).isTrue();
        assertThat(o.attempts()).isEqualTo(3);
        assertThat(slept.get(1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void terminalFailsAtOnceAndPersistentFailsAfterTheLastAttempt() {
        DeliveryExecutor.Outcome terminal = run(new ArrayDeque<>(List.of(DeliveryException.terminal("HTTP 404"))),
                new ArrayList<>());
        assertThat(terminal.delivered()).isFalse();
        assertThat(terminal.attempts()).isEqualTo(1);
        assertThat(terminal.failure()).startsWith("terminal: ");
        Deque<DeliveryException> always = new ArrayDeque<>();
        for (int i = 0; i < 10; i++) always.add(DeliveryException.transientFailure("HTTP 503"));
        DeliveryExecutor.Outcome down = run(always, new ArrayList<>());
        assertThat(down.delivered()).isFalse();
        assertThat(down.attempts()).isEqualTo(4);
        assertThat(down.failure()).contains("gave up after 4 attempts").contains("HTTP 503");
    }
}
