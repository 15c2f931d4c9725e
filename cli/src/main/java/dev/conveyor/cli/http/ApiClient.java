package dev.conveyor.cli.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.cli.CliException;
import dev.conveyor.cli.ExitCodes;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One Conveyor HTTP API (the syncer's or the promoter's): JSON in and out, the bearer token on every request, a timeout
 * on every call, and every failure turned into a {@link CliException} with its exit code.
 *
 * <p>The token goes into the {@code Authorization} header and nowhere else: it is masked in verbose output, and
 * {@link #mask(String)} removes it from anything the server sends back before it can be printed.
 */
public final class ApiClient {

    private static final int MAX_ERROR_TEXT = 300;

    private final String service;
    private final URI base;
    private final String token;
    private final Duration timeout;
    private final PrintWriter verbose;
    private final ObjectMapper mapper;
    private final HttpClient http;

    /**
     * @param service  what the server is, for messages ("syncer", "promoter")
     * @param base     the API's base URL (scheme, host, port, optional path prefix)
     * @param token    bearer token, or {@code null}/blank for none
     * @param timeout  connect timeout and per-request timeout
     * @param verbose  where to trace requests, or {@code null} for no tracing
     */
    public ApiClient(String service, URI base, String token, Duration timeout, PrintWriter verbose, ObjectMapper mapper) {
        this.service = service;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.timeout = timeout;
        this.verbose = verbose;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A path segment, percent-encoded (names become one segment each, whatever they contain). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET path}; the answer's JSON. */
    public JsonNode get(String path) {
        return json(send("GET", path, Map.of(), null));
    }

    /** {@code POST path?query} with an optional JSON body; the answer's JSON (an empty object when it has none). */
    public JsonNode post(String path, Map<String, String> query, Object body) {
        return json(send("POST", path, query, body));
    }

    /** {@code DELETE path}; the answer's JSON (an empty object when it has none). */
    public JsonNode delete(String path) {
        return json(send("DELETE", path, Map.of(), null));
    }

    /** {@link #mask(String, String)} with this client's token. */
    public String mask(String text) {
        return mask(text, token);
    }

    /** The token replaced by {@code ****} wherever it occurs (tokens shorter than 4 characters are not searched for). */
    public static String mask(String text, String token) {
        if (text == null || token == null || token.length() < 4) return text;
        return text.replace(token, "****");
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> query, Object body) {
        URI uri = uri(path, query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "conveyor-cli");
        if (token != null) request.header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        trace("> " + method + " " + uri + (token != null ? "  (Authorization: Bearer ****)" : "  (no token)"));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNAVAILABLE,
                    "cannot reach the " + service + " at " + uri + ": " + describe(e) + " (check --" + service + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNAVAILABLE, "interrupted while calling the " + service + " at " + uri);
        }
        trace("< " + response.statusCode() + " (" + response.body().length() + " characters)");
        check(method, uri, response);
        return response;
    }

    private URI uri(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        new LinkedHashMap<>(query).forEach((k, v) -> {
            if (v != null) q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return URI.create(base + path + q);
    }

    private void check(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return;
        String call = method + " " + uri;
        String error = serverError(response.body());
        String detail = error == null ? "" : ": " + error;
        switch (status) {
            case 401 -> throw new CliException(ExitCodes.NOT_AUTHENTICATED, "not authenticated by the " + service
                    + (token == null ? " (no token given)" : " (the token was not accepted)") + detail
                    + "; set CONVEYOR_TOKEN or --token");
            case 403 -> throw new CliException(ExitCodes.FORBIDDEN, "forbidden by the " + service
                    + (error == null ? " (HTTP 403 from " + call + ")" : ": " + error));
            case 404 -> throw new CliException(ExitCodes.NOT_FOUND, "not found"
                    + (error == null ? ": " + call + " answered 404" : ": " + error));
            default -> {
                if (status >= 400 && status < 500) {
                    throw new CliException(ExitCodes.REFUSED, "refused by the " + service + " (HTTP " + status + ")"
                            + (error == null ? " for " + call : ": " + error));
                }
                throw new CliException(ExitCodes.UNAVAILABLE, "server error from the " + service + " (HTTP " + status
                        + " from " + call + ")" + detail);
            }
        }
    }

    /** The server's {@code error} field; else a short, one-line excerpt of a non-JSON answer; else {@code null}. */
    private String serverError(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            JsonNode node = mapper.readTree(body);
            if (node != null && node.hasNonNull("error")) return mask(node.get("error").asText());
            if (node != null && node.hasNonNull("message")) return mask(node.get("message").asText());
            return null;
        } catch (JsonProcessingException notJson) {
            String line = body.strip().lines().findFirst().orElse("");
            if (line.startsWith("<")) return null; // an HTML error page says nothing a person needs here
            return mask(line.length() > MAX_ERROR_TEXT ? line.substring(0, MAX_ERROR_TEXT) + "..." : line);
        }
    }

    private JsonNode json(HttpResponse<String> response) {
        String body = mask(response.body());
        if (body == null || body.isBlank()) return mapper.createObjectNode();
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "the " + service + " at " + response.uri()
                    + " answered HTTP " + response.statusCode() + " with something that is not JSON");
        }
    }

    private String write(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) return "connection timed out after " + Durations.format(timeout);
        if (e instanceof HttpTimeoutException) return "no answer within " + Durations.format(timeout);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return "connection refused";
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) return "unknown host " + base.getHost();
        }
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        String message = root.getMessage();
        return mask(message == null ? root.getClass().getSimpleName() : message + " (" + root.getClass().getSimpleName() + ")");
    }

    private void trace(String line) {
        if (verbose != null) {
            verbose.println(line);
            verbose.flush();
        }
    }
}
