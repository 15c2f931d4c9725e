package dev.conveyor.declarations;

import java.util.List;
import java.util.Map;

/**
 * What one load of the declarations found.
 *
 * <h2>Never prune on an incomplete load</h2>
 * When {@link #complete()} is false something went wrong at the repository level (the revision could not be
 * resolved or fetched, the path is missing, the directory could not be read): the valid declarations are then at
 * best a part of what the repository declares, and a caller must not delete, prune or forget anything because it is
 * absent. Keep the previous state and retry.
 *
 * <p>Even in a complete load, a declaration that disappeared may only be hidden by an error: a YAML syntax error or a
 * failing ApplicationSet generator hides every object its file declared. Before deleting something that was declared
 * in file F, check {@link #uncertain(String) uncertain(F)}.
 *
 * @param repoURL  the control repository as given (null for a directory load)
 * @param revision the revision as given (null for a directory load)
 * @param path     the directory inside the repository that was read ("" for the root)
 * @param sha      the commit read (null when it could not be resolved, or for a directory load)
 * @param complete false when the load failed at the repository level (see above)
 * @param problem  why the load is incomplete, null when complete
 * @param byKind   per registered kind, its valid declarations and the invalid ones of that kind (for
 *                 {@code Application}, failing {@code ApplicationSet}s too)
 * @param invalid  every invalid document, including those whose kind is unknown or unreadable
 */
public record LoadResult(String repoURL, String revision, String path, String sha, boolean complete, String problem,
                         Map<String, Declarations<?>> byKind, List<InvalidDeclaration> invalid) {

    public LoadResult {
        byKind = Map.copyOf(byKind);
        invalid = List.copyOf(invalid);
    }

    /** The declarations of the parser's kind (empty when the load was incomplete before reading any file). */
    @SuppressWarnings("unchecked")
    public <T> Declarations<T> declarations(KindParser<T> parser) {
        Declarations<?> d = byKind.get(parser.kind());
        return d == null ? Declarations.empty() : (Declarations<T>) d;
    }

    /**
     * Whether what {@code file} declares may be missing from this result: true when the load is incomplete or any
     * document of that file (or an ApplicationSet in it) was invalid.
     */
    public boolean uncertain(String file) {
        return !complete || invalid.stream().anyMatch(i -> i.file().equals(file));
    }
}
