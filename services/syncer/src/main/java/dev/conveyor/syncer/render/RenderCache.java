package dev.conveyor.syncer.render;

import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Renderer} decorator that remembers renders. A commit sha names immutable content, so the same source at
 * the same sha with the same parameters renders the same objects: the interval resync and every application sharing
 * a repository do not pay for Helm or Kustomize again.
 *
 * <ul>
 *   <li>key: canonical repository URL ({@link RepositoryUrls#canonical}), revision, source path, and a SHA-256 of the
 *       render parameters (type, Helm options and effective release name, directory options, destination namespace)</li>
 *   <li>bounded: least recently used entries are evicted beyond {@code maxEntries}</li>
 *   <li>one render per key at a time: a caller asking for a key being rendered waits for that render</li>
 *   <li>failures are not cached (the next call renders again); callers waiting on a failed render get its error</li>
 *   <li>every caller gets its own deep copies of the objects, so a caller that modifies them (the applier sets
 *       namespaces) cannot change what the next caller gets</li>
 *   <li>a call without a revision is not cached</li>
 * </ul>
 * Thread-safe. {@link #hits()} counts calls answered without a render of their own (cached or joined in flight),
 * {@link #misses()} calls that rendered.
 */
public final class RenderCache implements Renderer {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private final Renderer delegate;
    private final int maxEntries;
    private final Map<Key, List<GenericKubernetesResource>> entries;
    private final Map<Key, CompletableFuture<List<GenericKubernetesResource>>> inFlight = new LinkedHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param delegate   the renderer that does the work
     * @param maxEntries how many renders to keep (at least 1)
     */
    public RenderCache(Renderer delegate, int maxEntries) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, List<GenericKubernetesResource>> eldest) {
                return size() > RenderCache.this.maxEntries;
            }
        };
    }

    @Override
    public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
        if (revision == null || revision.isBlank()) {
            misses.incrementAndGet();
            return delegate.render(app, checkout, revision);
        }
        Key key = Key.of(app, revision);
        CompletableFuture<List<GenericKubernetesResource>> pending;
        CompletableFuture<List<GenericKubernetesResource>> mine = null;
        synchronized (this) {
            List<GenericKubernetesResource> cached = entries.get(key);
            if (cached != null) {
                hits.incrementAndGet();
                return copy(cached);
            }
            pending = inFlight.get(key);
            if (pending == null) {
                mine = new CompletableFuture<>();
                inFlight.put(key, mine);
                misses.incrementAndGet();
            } else {
                hits.incrementAndGet();
            }
        }
        return mine != null ? renderAndPublish(key, mine, app, checkout, revision) : await(pending);
    }

    private List<GenericKubernetesResource> renderAndPublish(Key key, CompletableFuture<List<GenericKubernetesResource>> mine,
                                                             Application app, Path checkout, String revision)
            throws RenderException {
        List<GenericKubernetesResource> rendered;
        try {
            rendered = delegate.render(app, checkout, revision);
        } catch (RenderException | RuntimeException | Error e) {
            synchronized (this) {
                inFlight.remove(key);
            }
            mine.completeExceptionally(e);
            throw e;
        }
        List<GenericKubernetesResource> stored = copy(rendered);
        synchronized (this) {
            entries.put(key, stored);
            inFlight.remove(key);
        }
        mine.complete(stored);
        return rendered;
    }

    private static List<GenericKubernetesResource> await(CompletableFuture<List<GenericKubernetesResource>> pending)
            throws RenderException {
        try {
            return copy(pending.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("interrupted while waiting for the same render in progress", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new RenderException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    private static List<GenericKubernetesResource> copy(List<GenericKubernetesResource> objects) {
        return objects.stream().map(KUBERNETES::clone).toList();
    }

    /** Calls answered from the cache or by joining a render in flight. */
    public long hits() {
        return hits.get();
    }

    /** Calls that rendered. */
    public long misses() {
        return misses.get();
    }

    /** Renders held now. */
    public synchronized int size() {
        return entries.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** Forgets every render (renders in flight complete, and are stored). */
    public synchronized void clear() {
        entries.clear();
    }

    /**
     * What identifies a render.
     *
     * @param repository     the canonical repository URL (as written when it cannot be canonicalised)
     * @param revision       the commit sha
     * @param path           the source path
     * @param parametersHash SHA-256 (hex) of everything else the output depends on
     */
    record Key(String repository, String revision, String path, String parametersHash) {

        static Key of(Application app, String revision) {
            Application.Source source = app.source();
            return new Key(canonical(source.repoURL()), revision, source.path(), parametersHash(app));
        }

        private static String canonical(String url) {
            try {
                return RepositoryUrls.canonical(url);
            } catch (IllegalArgumentException e) {
                return url;
            }
        }

        private static String parametersHash(Application app) {
            Application.Source source = app.source();
            Application.Helm helm = source.helm();
            StringBuilder sb = new StringBuilder();
            field(sb, "type", source.type() == null ? "detect" : source.type().name());
            // The release name changes a chart's output; it defaults to the application name. Directory and
            // Kustomize sources do not read it, so it only counts when the source is or may be a chart.
            boolean mayBeHelm = source.type() == null || source.type() == Application.SourceType.HELM;
            field(sb, "helm.releaseName", !mayBeHelm ? null
                    : helm.releaseName() == null || helm.releaseName().isBlank() ? app.name() : helm.releaseName());
            field(sb, "helm.valueFiles", String.valueOf(helm.valueFiles().size()));
            for (String f : helm.valueFiles()) {
                field(sb, "helm.valueFile", f);
            }
            field(sb, "helm.values", helm.values());
            TreeMap<String, String> parameters = new TreeMap<>(helm.parameters());
            field(sb, "helm.parameters", String.valueOf(parameters.size()));
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                field(sb, "helm.parameter.key", p.getKey());
                field(sb, "helm.parameter.value", p.getValue());
            }
            field(sb, "directory.recurse", String.valueOf(source.directory().recurse()));
            field(sb, "destination.namespace", app.destination().namespace());
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        /** Length-prefixed, so that no two different parameter sets encode to the same text. */
        private static void field(StringBuilder sb, String name, String value) {
            sb.append(name).append('=');
            if (value == null) {
                sb.append("-1:");
            } else {
                sb.append(value.length()).append(':').append(value);
            }
            sb.append('\n');
        }
    }
}
