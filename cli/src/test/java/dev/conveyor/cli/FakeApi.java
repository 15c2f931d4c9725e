package dev.conveyor.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (random port) standing in for the syncer or the promoter: answers each
 * {@code METHOD path} with the status and JSON it was given, 404 {@code {"error":...}} otherwise, and records every
 * request as it arrived.
 */
final class FakeApi implements AutoCloseable {

    /** A request as the server saw it: raw path and query, the Authorization header, the body text. */
    record Request(String method, String path, String query, String authorization, String contentType, String body) {
    }

    private record Reply(int status, String body) {
    }

    /** Marks a route that never answers (until the server closes). */
    private static final Reply HANG = new Reply(0, "");

    private final HttpServer server;
    private final Map<String, Reply> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool()); // a hanging route must not block the others
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeApi on(String method, String path, int status, String body) {
        routes.put(method + " " + path, new Reply(status, body));
        return this;
    }

    /** {@code METHOD path} is read but never answered while the server runs: for timeouts. */
    FakeApi hang(String method, String path) {
        routes.put(method + " " + path, HANG);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Reply reply = routes.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Reply(404, "{\"error\":\"no route for " + exchange.getRequestMethod() + " " + path + "\"}"));
            if (reply == HANG) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
