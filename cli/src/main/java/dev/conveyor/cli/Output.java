package dev.conveyor.cli;

/** What commands print on standard output. */
public enum Output {
    /** Aligned plain-text columns for people. */
    table,
    /** The server's JSON, pretty-printed, for scripts. */
    json
}
