package dev.conveyor.images.registry;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token service as in Docker's token authentication specification, for a real registry started with
 * {@code auth.token}: checks basic credentials, issues RS256 JWTs whose {@code x5c} header carries a certificate the
 * registry trusts (its {@code rootcertbundle}). The key pair and certificate come from the JDK's keytool; signing is
 * the JDK's {@code SHA256withRSA}.
 */
final class TokenService implements AutoCloseable {

    static final String SERVICE = "conveyor-test-registry";
    static final String ISSUER = "conveyor-test-issuer";

    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path certBundle;
    private final String username;
    private final String password;
    final AtomicInteger issued = new AtomicInteger();

    TokenService(Path dir, String username, String password) throws Exception {
        this.username = username;
        this.password = password;
        Path store = dir.resolve("token.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=conveyor-test-token", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) throw new IOException("keytool: " + out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        cert = (X509Certificate) ks.getCertificate("token");
        certBundle = dir.resolve("token-ca.pem");
        Files.writeString(certBundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            String scope = query(exchange.getRequestURI()).getOrDefault("scope", "");
            String repo = scope.split(":").length >= 2 ? scope.split(":")[1] : "";
            byte[] body = ("{\"token\":\"" + token(repo, "pull") + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            issued.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path certBundle() {
        return certBundle;
    }

    /** A signed token granting {@code actions} (comma-separated) on one repository. */
    String token(String repository, String actions) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"" + Base64.getEncoder().encodeToString(cert.getEncoded()) + "\"]}";
            long now = Instant.now().getEpochSecond();
            StringBuilder acts = new StringBuilder();
            for (String a : actions.split(",")) acts.append(acts.isEmpty() ? "" : ",").append('"').append(a).append('"');
            String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + username + "\",\"aud\":\"" + SERVICE + "\","
                    + "\"exp\":" + (now + 300) + ",\"nbf\":" + (now - 10) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID()
                    + "\",\"access\":[{\"type\":\"repository\",\"name\":\"" + repository + "\",\"actions\":[" + acts + "]}]}";
            String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.HashMap<>();
        if (uri.getRawQuery() == null) return out;
        for (String kv : uri.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
