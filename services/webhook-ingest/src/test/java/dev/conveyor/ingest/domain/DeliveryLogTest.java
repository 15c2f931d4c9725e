package dev.conveyor.ingest.domain;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        public ZoneOffset getZone() { return ZoneOffset.UTC; }
        public Clock withZone(java.time.ZoneId zone) { return this; }
        public Instant instant() { return Instant.ofEpochMilli(now.get()); }
    };

    @Test
    void secondCopyWithinTheWindowIsADuplicate() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(10), 100, clock);
        assertThat(log.claim("a")).isInstanceOf(DeliveryLog.Claim.Owner.class);
        log.published("a");
        DeliveryLog.Claim second = log.claim("a");
        assertThat(second).isInstanceOf(DeliveryLog.Claim.Duplicate.class);
        assertThat(((DeliveryLog.Claim.Duplicate) second).published()).isCompleted();
    }

    @Test
    void failedPublishIsForgottenSoTheRetryPublishes() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(10), 100, clock);
        log.claim("a");
        DeliveryLog.Claim concurrent = log.claim("a");
        log.failed("a", new RuntimeException("broker down"));
        assertThat(((DeliveryLog.Claim.Duplicate) concurrent).published()).isCompletedExceptionally();
        assertThat(log.claim("a")).isInstanceOf(DeliveryLog.Claim.Owner.class);
    }

    @Test
    void entriesExpireAfterTheWindow() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(10), 100, clock);
        log.claim("a");
        log.published("a");
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        assertThat(log.claim("a")).isInstanceOf(DeliveryLog.Claim.Owner.class);
    }

    @Test
    void boundedByMaxEntriesOldestFirst() {
        DeliveryLog log = new DeliveryLog(Duration.ofMinutes(10), 3, clock);
        for (String id : new String[]{"a", "b", "c", "d", "e"}) {
            log.claim(id);
            log.published(id);
        }
        log.claim("f");
        assertThat(log.size()).isLessThanOrEqualTo(4);
        assertThat(log.isPublished("a")).isEmpty();
        assertThat(log.isPublished("e")).contains(true);
    }
}
