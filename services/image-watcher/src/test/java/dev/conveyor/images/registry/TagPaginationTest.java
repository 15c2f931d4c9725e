package dev.conveyor.images.registry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pagination of the tag list as Docker Hub, GHCR and distribution 3 serve it ({@code ?n=} and {@code last=}, the next
 * page in a {@code Link: <…>; rel="next"} header). Debian's distribution 2.8 answers every tag in one page, so the
 * paging is served here by a loopback HTTP server that follows the specification's rules.
 */
class TagPaginationTest {

    HttpServer server;
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> all = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < 25; i++) all.add(String.format("1.0.%02d", i));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/acme/app/tags/list", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query);
            int n = 10;
            String last = null;
            for (String kv : query.split("&")) {
                if (kv.startsWith("n=")) n = Integer.parseInt(kv.substring(2));
                if (kv.startsWith("last=")) last = kv.substring(5);
            }
            int from = last == null ? 0 : all.indexOf(last) + 1;
            List<String> page = all.subList(from, Math.min(all.size(), from + n));
            if (from + n < all.size()) {
                exchange.getResponseHeaders().add("Link",
                        "</v2/acme/app/tags/list?n=" + n + "&last=" + page.get(page.size() - 1) + ">; rel=\"next\"");
            }
            byte[] body = ("{\"name\":\"acme/app\",\"tags\":[\"" + String.join("\",\"", page) + "\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void followsLinkHeadersUntilTheLastPage() throws Exception {
        DistributionRegistryClient client = new DistributionRegistryClient(new DistributionRegistryClient.Settings(
                Duration.ofSeconds(5), 600, Duration.ofSeconds(1), 0, Duration.ofSeconds(1), Set.of(), 10),
                (r, k, s) -> { }, Clock.systemUTC());
        List<String> tags = client.tags(ImageRef.parse("127.0.0.1:" + server.getAddress().getPort() + "/acme/app"),
                RegistryCredentials.ANONYMOUS);
        assertThat(tags).isEqualTo(all);
        assertThat(queries).containsExactly("n=10", "n=10&last=1.0.09", "n=10&last=1.0.19");
    }

    @Test
    void readsTheNextLinkAmongOthers() {
        assertThat(DistributionRegistryClient.nextLink("</v2/a/tags/list?n=2&last=b>; rel=\"next\"")).isEqualTo("/v2/a/tags/list?n=2&last=b");
        assertThat(DistributionRegistryClient.nextLink("<https://x/prev>; rel=\"prev\", </v2/a/tags/list?last=c>; rel=next"))
                .isEqualTo("/v2/a/tags/list?last=c");
        assertThat(DistributionRegistryClient.nextLink("<https://x/prev>; rel=\"prev\"")).isNull();
    }

    @Test
    void parsesChallenges() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/nginx:pull\"").orElseThrow();
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(c.param("service")).isEqualTo("registry.docker.io");
        assertThat(c.param("scope")).isEqualTo("repository:library/nginx:pull");
        assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().isBasic()).isTrue();
        assertThat(AuthChallenge.parse("")).isEmpty();
    }
}
