package dev.conveyor.declarations;

import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The declarations of one kind a service keeps from its control repository, reloaded as a whole. The rules every
 * service needs: an invalid declaration is reported (file, field, reason) and skipped while the valid ones work; a
 * load that failed at the repository level keeps the previous set whole; a declaration whose file is uncertain (a
 * neighbouring document in it is invalid) keeps its previous definition rather than vanishing because of a typo.
 *
 * @param <T> the service's type for the kind
 */
public final class DeclarationSet<T> {

    private static final Logger LOG = Logger.getLogger(DeclarationSet.class);

    private final KindParser<T> parser;
    private final Function<T, String> name;
    private final Function<T, String> declaredIn;
    private volatile Map<String, T> items = Map.of();
    private volatile List<InvalidDeclaration> invalid = List.of();
    private volatile String revision;

    public DeclarationSet(KindParser<T> parser, Function<T, String> name, Function<T, String> declaredIn) {
        this.parser = parser;
        this.name = name;
        this.declaredIn = declaredIn;
    }

    /**
     * Fetches the control repository and loads the kind.
     *
     * @return the declarations that are new or changed; empty when the load failed (the previous set is kept)
     */
    public synchronized Optional<List<T>> reload(RepositoryCache git, String repoUrl, String revisionSpec, String path) {
        LoadResult result;
        try {
            git.fetch(repoUrl);
            result = DeclarationLoader.load(git, repoUrl, revisionSpec, path, List.of(parser));
        } catch (GitException | RuntimeException e) {
            LOG.warnf("control repository %s not loaded (%s); keeping the %d %s declarations already known",
                    GitException.redact(repoUrl), e.getMessage(), items.size(), parser.kind());
            return Optional.empty();
        }
        if (!result.complete()) {
            LOG.warnf("control repository load incomplete (%s); keeping the %d %s declarations already known",
                    result.problem(), items.size(), parser.kind());
            return Optional.empty();
        }
        Map<String, T> next = new LinkedHashMap<>();
        result.declarations(parser).valid().forEach(t -> next.put(name.apply(t), t));
        items.forEach((n, previous) -> {
            if (!next.containsKey(n) && result.uncertain(declaredIn.apply(previous))) next.put(n, previous);
        });
        for (InvalidDeclaration bad : result.invalid()) LOG.warnf("invalid declaration skipped: %s", bad);
        Map<String, T> before = items;
        items = java.util.Collections.unmodifiableMap(next);
        invalid = List.copyOf(result.invalid());
        revision = result.sha();
        LOG.infof("control repository at %s: %d %s declarations, %d invalid", result.sha(), next.size(), parser.kind(),
                invalid.size());
        return Optional.of(next.values().stream().filter(t -> !Objects.equals(t, before.get(name.apply(t)))).toList());
    }

    public Collection<T> all() {
        return items.values();
    }

    public Optional<T> get(String key) {
        return Optional.ofNullable(items.get(key));
    }

    public List<InvalidDeclaration> invalid() {
        return invalid;
    }

    public String revision() {
        return revision;
    }
}
