package dev.conveyor.declarations;

import java.util.List;

/**
 * The documents of one kind: those accepted, and those rejected with the reason.
 *
 * @param valid   parsed declarations, in file order (files sorted by path, documents in order)
 * @param invalid rejected ones
 */
public record Declarations<T>(List<T> valid, List<InvalidDeclaration> invalid) {

    public Declarations {
        valid = List.copyOf(valid);
        invalid = List.copyOf(invalid);
    }

    public static <T> Declarations<T> empty() {
        return new Declarations<>(List.of(), List.of());
    }
}
