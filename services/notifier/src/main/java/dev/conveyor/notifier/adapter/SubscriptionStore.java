package dev.conveyor.notifier.adapter;

import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.DeclarationLoader;
import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.declarations.KindParser;
import dev.conveyor.declarations.LoadResult;
import dev.conveyor.declarations.Manifest;
import dev.conveyor.git.GitException;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.notifier.NotifierConfig;
import dev.conveyor.notifier.NotifierMetrics;
import dev.conveyor.notifier.subscription.DefaultCatalogue;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.Subscription;
import dev.conveyor.notifier.subscription.SubscriptionParser;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Subscriptions declared in the control repository (loaded with the shared declarations loader, as the syncer
 * loads Applications; reloaded when the repository is pushed — {@link ControlRepositoryWatch} — and on an interval),
 * the built-in ones, and the labels of the declared Applications (conditions select by {@code app.labels}). An invalid
 * Subscription is reported — file, field, reason; a log line and a metric — and skipped; the others keep working. A
 * load that failed at the repository level keeps the previous set.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final Logger LOG = Logger.getLogger(SubscriptionStore.class);

    private final NotifierConfig config;
    private final SubscriptionParser parser;
    private final ApplicationLabels applicationParser = new ApplicationLabels();
    private final List<Subscription> builtIn;
    private volatile List<Subscription> declared = List.of();
    private volatile Map<String, Map<String, Object>> applications = Map.of();
    private volatile List<InvalidDeclaration> invalid = List.of();
    private volatile String revision;
    private RepositoryCache git;
    private ScheduledExecutorService refresher;

    public SubscriptionStore(NotifierConfig config, NotifierMetrics metrics) {
        this.config = config;
        Map<String, DestinationKind> kinds = Destinations.kinds(config);
        this.parser = new SubscriptionParser(kinds);
        this.builtIn = builtIns(config, kinds);
        Gauge.builder(NotifierMetrics.INVALID_SUBSCRIPTIONS, this, s -> s.invalid.size())
                .description("Subscriptions in the control repository that are invalid and skipped")
                .register(metrics.registry());
        Gauge.builder(NotifierMetrics.SUBSCRIPTIONS, this, s -> s.all().size())
                .description("Active subscriptions, built-ins included").register(metrics.registry());
    }

    private static List<Subscription> builtIns(NotifierConfig config, Map<String, DestinationKind> kinds) {
        if (!config.defaults().enabled() || config.defaults().destinations().isEmpty()) return List.of();
        Map<String, DestinationKind> targets = new LinkedHashMap<>();
        for (String name : config.defaults().destinations().get()) {
            DestinationKind kind = kinds.get(name.strip());
            if (kind == null) {
                throw new IllegalStateException("conveyor.notifier.defaults.destinations names '" + name
                        + "', which is not a configured destination");
            }
            targets.put(name.strip(), kind);
        }
        Set<String> triggers = new LinkedHashSet<>();
        for (String t : config.defaults().triggers()) {
            if (!DefaultCatalogue.ALL.contains(t.strip())) {
                throw new IllegalStateException("conveyor.notifier.defaults.triggers: unknown trigger '" + t + "' (known: "
                        + String.join(", ", DefaultCatalogue.ALL.stream().sorted().toList()) + ")");
            }
            triggers.add(t.strip());
        }
        return DefaultCatalogue.build(triggers, targets, Optional.of(config.defaults().digestWindow())
                .filter(d -> !d.isZero()));
    }

    /** Loads now and keeps refreshing on the configured interval. */
    public synchronized void start() {
        if (config.declarations().repoUrl().isEmpty()) {
            LOG.infof("no control repository configured (conveyor.notifier.declarations.repo-url): %d built-in "
                    + "subscriptions", builtIn.size());
            return;
        }
        if (git == null) git = new RepositoryCache(Path.of(config.git().cacheDir()), config.git().timeout());
        reload();
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "notifier-subscriptions"));
            long every = Math.max(1, config.declarations().refreshInterval().toMillis());
            refresher.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
        if (git != null) git.close();
        git = null;
    }

    /** A push to the control repository was seen: reload now, on the refresher's thread (never twice at once). */
    public synchronized void reloadSoon() {
        if (refresher != null) refresher.execute(this::reloadQuietly);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warnf("reloading subscriptions failed: %s", e.getMessage());
        }
    }

    /** Fetches the control repository and reloads the Subscriptions and Application labels. */
    public synchronized void reload() {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty() || git == null) return;
        LoadResult result;
        try {
            git.fetch(repo.get());
            result = DeclarationLoader.load(git, repo.get(), config.declarations().revision(),
                    config.declarations().path().orElse(""), List.of(parser, applicationParser));
        } catch (GitException | RuntimeException e) {
            LOG.warnf("control repository %s not loaded (%s); keeping the %d subscriptions already known",
                    GitException.redact(repo.get()), e.getMessage(), declared.size());
            return;
        }
        if (!result.complete()) {
            LOG.warnf("control repository load incomplete (%s); keeping the %d subscriptions already known",
                    result.problem(), declared.size());
            return;
        }
        if (result.sha() != null && result.sha().equals(revision)) return;
        List<Subscription> next = new ArrayList<>(result.declarations(parser).valid());
        // A subscription whose file is uncertain (a neighbour document is invalid) keeps its previous definition.
        for (Subscription previous : declared) {
            if (next.stream().noneMatch(s -> s.name().equals(previous.name())) && result.uncertain(previous.declaredIn())) {
                next.add(previous);
            }
        }
        List<InvalidDeclaration> bad = new ArrayList<>(result.declarations(parser).invalid());
        result.invalid().stream().filter(i -> i.kind() == null && !bad.contains(i)).forEach(bad::add);
        for (InvalidDeclaration i : bad) {
            LOG.warnf("invalid subscription skipped: %s", i);
        }
        Map<String, Map<String, Object>> apps = new LinkedHashMap<>();
        result.declarations(applicationParser).valid().forEach(a -> apps.put((String) a.get("name"), a));
        declared = List.copyOf(next);
        invalid = List.copyOf(bad);
        applications = Map.copyOf(apps);
        revision = result.sha();
        LOG.infof("control repository at %s: %d subscriptions, %d invalid, %d applications", result.sha(), next.size(),
                bad.size(), apps.size());
    }

    /** Built-ins first, then the declared ones. */
    public List<Subscription> all() {
        List<Subscription> all = new ArrayList<>(builtIn);
        all.addAll(declared);
        return all;
    }

    /** {@code name}, {@code labels} of a declared Application; empty when unknown. */
    public Map<String, Object> application(String name) {
        Map<String, Object> app = applications.get(name);
        return app == null ? Map.of("name", name, "labels", Map.of()) : app;
    }

    public List<InvalidDeclaration> invalid() {
        return invalid;
    }

    public String revision() {
        return revision;
    }

    /** Reads only the name and labels of Applications: validating them is the syncer's business. */
    static final class ApplicationLabels implements KindParser<Map<String, Object>> {
        @Override
        public String kind() {
            return "Application";
        }

        @Override
        public Map<String, Object> parse(Manifest manifest) throws DeclarationException {
            return Map.of("name", manifest.name(), "labels", Map.copyOf(manifest.labels()));
        }
    }
}
