package dev.conveyor.events;

/** Someone who pushed or authored a change, as far as the provider tells. Any field may be null. */
public record Person(String name, String email, String username) {

    public static Person ofName(String name) {
        return new Person(name, null, null);
    }
}
