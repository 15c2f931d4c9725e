package dev.conveyor.images.registry;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback reverse proxy in front of a real registry that answers the first {@code throttled} requests with 429 and
 * a {@code Retry-After}, as Docker Hub does when a rate limit is hit, and forwards everything else unchanged.
 */
final class ThrottlingProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "date", "upgrade", "http2-settings", "expect", "keep-alive");

    private final HttpServer server;
    final AtomicInteger throttledLeft;
    final AtomicInteger requests = new AtomicInteger();

    ThrottlingProxy(URI upstream, int throttled, String retryAfter) throws IOException {
        throttledLeft = new AtomicInteger(throttled);
        HttpClient http = HttpClient.newHttpClient();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try {
                if (throttledLeft.getAndDecrement() > 0) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                    exchange.sendResponseHeaders(429, -1);
                    return;
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase())) values.forEach(v -> forward.header(name, v));
                });
                HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().map().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase())) exchange.getResponseHeaders().put(name, List.copyOf(values));
                });
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(response.statusCode(), head || response.body().length == 0 ? -1 : response.body().length);
                if (!head) exchange.getResponseBody().write(response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** {@code 127.0.0.1:port}, to use as the registry host. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
