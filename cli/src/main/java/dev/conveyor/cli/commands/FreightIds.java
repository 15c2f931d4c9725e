package dev.conveyor.cli.commands;

import dev.conveyor.cli.CliException;
import dev.conveyor.cli.ExitCodes;
import dev.conveyor.cli.wire.PromoterApi.Freight;

import java.util.List;

/**
 * Freight ids as people type them: the full id, or a prefix of at least {@value #MIN_PREFIX} characters that matches
 * exactly one freight of the pipeline. The {@code f-} may be left out ({@code 3a9c1e7} finds {@code f-3a9c1e7b2d40}).
 * Pure: the caller fetches the pipeline's freight list.
 */
final class FreightIds {

    static final int MIN_PREFIX = 6;
    private static final String ID_PREFIX = "f-";

    private FreightIds() {
    }

    /**
     * @return the one full id {@code given} names
     * @throws CliException exit 2 for a prefix that is too short, exit 5 for no match or more than one
     */
    static String resolve(String pipeline, List<Freight> known, String given) {
        String g = given.strip();
        for (Freight f : known) {
            if (g.equals(f.id())) return f.id();
        }
        if (g.length() < MIN_PREFIX) {
            throw new CliException(ExitCodes.USAGE, "freight '" + g + "' is not a full id and too short to be a prefix: give at least "
                    + MIN_PREFIX + " characters");
        }
        List<String> matches = matching(known, g);
        if (matches.isEmpty() && !g.startsWith(ID_PREFIX)) matches = matching(known, ID_PREFIX + g);
        if (matches.size() == 1) return matches.get(0);
        if (matches.isEmpty()) {
            throw new CliException(ExitCodes.NOT_FOUND, "no freight of pipeline " + pipeline + " matches '" + g + "'"
                    + " (see: conveyor pipelines " + pipeline + ")");
        }
        throw new CliException(ExitCodes.NOT_FOUND, "freight '" + g + "' is ambiguous in pipeline " + pipeline + ": it matches "
                + String.join(", ", matches) + "; give more characters");
    }

    private static List<String> matching(List<Freight> known, String prefix) {
        return known.stream().map(Freight::id).filter(id -> id != null && id.startsWith(prefix)).distinct().toList();
    }
}
