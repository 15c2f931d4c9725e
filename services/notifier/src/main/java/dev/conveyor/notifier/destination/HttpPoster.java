package dev.conveyor.notifier.destination;

import dev.conveyor.tracing.TraceHeaders;
import io.opentelemetry.context.Context;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The HTTP call every destination makes, with one meaning of failure for all: a timeout on connect and on the whole
 * call; 2xx is success; 429 is retried after its {@code Retry-After} (seconds or an HTTP date); 408 and 5xx and
 * network errors are retried; any other 4xx is terminal. Errors name the destination, never the URL (which is often
 * the secret).
 */
public final class HttpPoster {

    private final HttpClient client;
    private final Duration timeout;

    public HttpPoster(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A response that was a success (2xx). */
    public record Response(int status, String body) {
    }

    public Response post(String destination, URI uri, String contentType, byte[] body, Map<String, String> headers,
                         Secret... secrets) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", "conveyor-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        // The current trace (the change being told) goes on to receivers that trace.
        TraceHeaders.toMap(Context.current()).forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw DeliveryException.transientFailure(destination + ": timed out after " + timeout);
        } catch (IOException e) {
            throw DeliveryException.transientFailure(destination + ": " + mask(e.getClass().getSimpleName() + " "
                    + e.getMessage(), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure(destination + ": interrupted");
        }
        int status = response.statusCode();
        String text = abbreviate(mask(response.body(), secrets));
        if (status >= 200 && status < 300) return new Response(status, response.body());
        if (status == 429) {
            Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            String message = destination + ": HTTP 429 rate limited" + (text.isEmpty() ? "" : ": " + text);
            throw retryAfter == null ? DeliveryException.transientFailure(message)
                    : DeliveryException.rateLimited(message, retryAfter);
        }
        String message = destination + ": HTTP " + status + (text.isEmpty() ? "" : ": " + text);
        if (status == 408 || status >= 500) throw DeliveryException.transientFailure(message);
        throw DeliveryException.terminal(message);
    }

    /** {@code Retry-After}: delta-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String mask(String text, Secret... secrets) {
        String t = text == null ? "" : text;
        for (Secret s : secrets) {
            if (s != null) t = s.mask(t);
        }
        return t;
    }

    private static String abbreviate(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }
}
