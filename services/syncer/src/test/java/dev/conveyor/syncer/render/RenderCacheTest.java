package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.Renderer.RenderException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.conveyor.syncer.render.RenderFixtures.SHA;
import static dev.conveyor.syncer.render.RenderFixtures.kindsAndNames;
import static dev.conveyor.syncer.render.RenderFixtures.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderCacheTest {

    private static final String OTHER_SHA = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3";
    private static final Path CHECKOUT = Path.of("/nonexistent/checkout");

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** Renders one ConfigMap named after the app, revision and call number; counts calls. */
    private static final class CountingRenderer implements Renderer {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
            int n = calls.incrementAndGet();
            return List.of(configMap(app.name() + "-" + revision.substring(0, 7), Map.of("call", String.valueOf(n))));
        }
    }

    private static GenericKubernetesResource configMap(String name, Map<String, Object> data) {
        return new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("data", data)
                .build();
    }

    private static Application app(String repoURL, String path, String namespace, Application.Helm helm) {
        return new Application("web", Map.of(),
                new Application.Source(repoURL, "main", path, null, helm, null),
                new Application.Destination(null, namespace), null, null, null, "apps/web.yaml");
    }

    private static Application app() {
        return app("https://github.com/example/deploy.git", "apps/web", "web", Application.Helm.NONE);
    }

    @Test
    void theSameSourceAtTheSameRevisionRendersOnce() throws Exception {
        CountingRenderer delegate = new CountingRenderer();
        RenderCache cache = new RenderCache(delegate, 10);

        List<GenericKubernetesResource> first = cache.render(app(), CHECKOUT, SHA);
        List<GenericKubernetesResource> second = cache.render(app(), CHECKOUT, SHA);

        assertThat(delegate.calls).hasValue(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(second).isEqualTo(first);
        assertThat((Object) second.get(0).get("data", "call")).isEqualTo("1");
    }

    @Test
    void callersGetTheirOwnCopies() throws Exception {
        RenderCache cache = new RenderCache(new CountingRenderer(), 10);

        GenericKubernetesResource first = cache.render(app(), CHECKOUT, SHA).get(0);
        first.getMetadata().setNamespace("mutated-by-the-applier");
        first.setAdditionalProperty("data", Map.of("call", "mutated"));

        GenericKubernetesResource second = cache.render(app(), CHECKOUT, SHA).get(0);
        assertThat(second).isNotSameAs(first);
        assertThat(second.getMetadata().getNamespace()).isNull();
        assertThat((Object) second.get("data", "call")).isEqualTo("1");
    }

    @Test
    void theKeyIsRepositoryRevisionPathAndParameters() throws Exception {
        CountingRenderer delegate = new CountingRenderer();
        RenderCache cache = new RenderCache(delegate, 100);
        Application base = app();

        cache.render(base, CHECKOUT, SHA);
        // the same repository spelled differently, and a different checkout directory: same render
        cache.render(app("git@GitHub.com:example/deploy.git", "apps/web/", "web", Application.Helm.NONE),
                Path.of("/other/checkout"), SHA);
        assertThat(delegate.calls).hasValue(1);

        cache.render(base, CHECKOUT, OTHER_SHA);
        cache.render(app("https://github.com/example/other.git", "apps/web", "web", Application.Helm.NONE), CHECKOUT, SHA);
        cache.render(app("https://github.com/example/deploy.git", "apps/api", "web", Application.Helm.NONE), CHECKOUT, SHA);
        cache.render(app("https://github.com/example/deploy.git", "apps/web", "web-staging", Application.Helm.NONE),
                CHECKOUT, SHA);
        cache.render(app("https://github.com/example/deploy.git", "apps/web", "web",
                new Application.Helm(null, List.of(), null, Map.of("replicaCount", "3"))), CHECKOUT, SHA);
        cache.render(app("https://github.com/example/deploy.git", "apps/web", "web",
                new Application.Helm(null, List.of("values-prod.yaml"), null, Map.of())), CHECKOUT, SHA);
        assertThat(delegate.calls).hasValue(7);

        // parameters compare by content, not map order
        cache.render(app("https://github.com/example/deploy.git", "apps/web", "web",
                new Application.Helm(null, List.of(), null, Map.of("replicaCount", "3"))), CHECKOUT, SHA);
        assertThat(delegate.calls).hasValue(7);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(7);
    }

    @Test
    void evictsTheLeastRecentlyUsedRender() throws Exception {
        CountingRenderer delegate = new CountingRenderer();
        RenderCache cache = new RenderCache(delegate, 2);
        String a = "1111111111111111111111111111111111111111";
        String b = "2222222222222222222222222222222222222222";
        String c = "3333333333333333333333333333333333333333";

        cache.render(app(), CHECKOUT, a);
        cache.render(app(), CHECKOUT, b);
        cache.render(app(), CHECKOUT, a);   // a is now the most recently used
        cache.render(app(), CHECKOUT, c);   // evicts b
        assertThat(cache.size()).isEqualTo(2);
        assertThat(delegate.calls).hasValue(3);

        cache.render(app(), CHECKOUT, a);
        assertThat(delegate.calls).hasValue(3);
        cache.render(app(), CHECKOUT, b);
        assertThat(delegate.calls).hasValue(4);
    }

    @Test
    void aRenderInFlightIsNotStartedTwice() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Renderer slow = (app, checkout, revision) -> {
            calls.incrementAndGet();
            entered.countDown();
            awaitQuietly(release);
            return List.of(configMap("slow", Map.of("k", "v")));
        };
        RenderCache cache = new RenderCache(slow, 10);

        Future<List<GenericKubernetesResource>> first = pool.submit(() -> cache.render(app(), CHECKOUT, SHA));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<List<GenericKubernetesResource>>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(pool.submit(() -> cache.render(app(), CHECKOUT, SHA)));
        }
        awaitHits(cache, 3);               // all three joined the render in flight
        assertThat(waiters).noneMatch(Future::isDone);
        release.countDown();

        assertThat(kindsAndNames(first.get(10, TimeUnit.SECONDS))).containsExactly("ConfigMap/slow");
        for (Future<List<GenericKubernetesResource>> waiter : waiters) {
            assertThat(kindsAndNames(waiter.get(10, TimeUnit.SECONDS))).containsExactly("ConfigMap/slow");
        }
        assertThat(calls).hasValue(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void failuresAreNotCached() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Renderer flaky = (app, checkout, revision) -> {
            if (calls.incrementAndGet() == 1) {
                throw new RenderException("kubectl kustomize apps/web timed out after 60s and was stopped");
            }
            return List.of(configMap("web", Map.of()));
        };
        RenderCache cache = new RenderCache(flaky, 10);

        assertThatThrownBy(() -> cache.render(app(), CHECKOUT, SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("timed out");
        assertThat(cache.size()).isZero();

        assertThat(kindsAndNames(cache.render(app(), CHECKOUT, SHA))).containsExactly("ConfigMap/web");
        assertThat(calls).hasValue(2);
        cache.render(app(), CHECKOUT, SHA);
        assertThat(calls).hasValue(2);
    }

    @Test
    void callersWaitingOnAFailedRenderGetItsErrorAndTheNextCallRendersAgain() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Renderer failingOnce = (app, checkout, revision) -> {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                awaitQuietly(release);
                throw new RenderException("apps/web/deploy.yaml: document 2 (line 9): invalid YAML");
            }
            return List.of(configMap("web", Map.of()));
        };
        RenderCache cache = new RenderCache(failingOnce, 10);

        Future<List<GenericKubernetesResource>> first = pool.submit(() -> cache.render(app(), CHECKOUT, SHA));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<List<GenericKubernetesResource>> waiter = pool.submit(() -> cache.render(app(), CHECKOUT, SHA));
        awaitHits(cache, 1);
        release.countDown();

        for (Future<List<GenericKubernetesResource>> f : List.of(first, waiter)) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RenderException.class)
                    .cause().hasMessage("apps/web/deploy.yaml: document 2 (line 9): invalid YAML");
        }
        assertThat(kindsAndNames(cache.render(app(), CHECKOUT, SHA))).containsExactly("ConfigMap/web");
        assertThat(calls).hasValue(2);
    }

    @Test
    void decoratesTheRealRenderer() throws Exception {
        RenderCache cache = new RenderCache(new SourceRenderer(), 10);
        Application chart = new Application("shop", Map.of(),
                new Application.Source("https://github.com/example/deploy", "main", "helm/web", null,
                        new Application.Helm(null, List.of("values-staging.yaml"), null, Map.of()), null),
                new Application.Destination(null, "shop"), null, null, null, "apps/shop.yaml");

        List<GenericKubernetesResource> first = cache.render(chart, repo(), SHA);
        List<GenericKubernetesResource> second = cache.render(chart, repo(), SHA);

        assertThat(kindsAndNames(second)).containsExactly("Service/shop-web", "Deployment/shop-web");
        assertThat(second).isEqualTo(first);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void rejectsANonPositiveSize() {
        assertThatThrownBy(() -> new RenderCache(new CountingRenderer(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitHits(RenderCache cache, long hits) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cache.hits() < hits) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + hits + " callers to join, saw " + cache.hits());
            }
            Thread.sleep(5);
        }
    }
}
