package dev.conveyor.notifier.delivery;

/** Where an event was read (a Kafka topic partition and offset), so that its offset is committed only once it is done. */
public record Position(String topic, int partition, long offset) {
}
