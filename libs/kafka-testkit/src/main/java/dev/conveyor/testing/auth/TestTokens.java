package dev.conveyor.testing.auth;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for tests and local stacks: JWTs signed with one RSA-2048 key pair per JVM, in the shape Conveyor's
 * services verify with Quarkus' SmallRye JWT support (issuer, {@code upn}/{@code preferred_username}/{@code sub} for
 * the user, {@code groups} for the groups).
 *
 * <p>A {@code @QuarkusTest} gets the verifying side with {@code @WithTestResource(JwtTestResource.class)} (which
 * returns {@link #quarkusConfig()}) and sends {@code Authorization: Bearer} + {@link #token(String, String...)}.
 * A stack that runs services as processes adds {@link #processEnvironment()} to their environment (the key inline in
 * {@code MP_JWT_VERIFY_PUBLICKEY}, and {@code MP_JWT_VERIFY_ISSUER}), or passes {@link #publicKeyLocation()} as
 * {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}.
 *
 * <p>"One key pair per JVM" holds across class loaders: a Quarkus test may load this class once for the test resource
 * and once for the test itself, so the key pair is kept in system properties, which every class loader shares.
 * Test keys only: never use them to protect anything real.
 */
public final class TestTokens {

    /** The issuer every good test token names and {@link #quarkusConfig()} tells services to require. */
    public static final String ISSUER = "https://conveyor.test/issuer";

    /** The issuer of {@link #tokenFromOtherIssuer(String, String...)}. */
    public static final String OTHER_ISSUER = "https://elsewhere.test/issuer";

    /** How long a good test token lives. */
    public static final Duration LIFESPAN = Duration.ofHours(1);

    private static final String PRIVATE_KEY_PROPERTY = "conveyor.testing.jwt.private-key";
    private static final String PUBLIC_KEY_PROPERTY = "conveyor.testing.jwt.public-key";
    private static final String PUBLIC_KEY_FILE_PROPERTY = "conveyor.testing.jwt.public-key-file";

    private TestTokens() {
    }

    /**
     * What a Quarkus service under test needs to verify {@link #token(String, String...)}: {@code
     * mp.jwt.verify.publickey} (the PEM, {@link #publicKeyPem()}) and {@code mp.jwt.verify.issuer} ({@link #ISSUER}).
     * User and groups come from the standard claims ({@code upn}, {@code groups}), so nothing else is needed.
     *
     * <p>Inline rather than {@code mp.jwt.verify.publickey.location}: in test mode, when no key is configured at build
     * time, the smallrye-jwt extension generates a key pair and sets {@code mp.jwt.verify.publickey} itself, and an
     * inline key wins over any location (SRJWT03007). Setting the same property overrides the generated key.
     */
    public static Map<String, String> quarkusConfig() {
        return Map.of(
                "mp.jwt.verify.publickey", publicKeyPem(),
                "mp.jwt.verify.issuer", ISSUER);
    }

    /**
     * The environment a service process needs to verify the tokens: {@code MP_JWT_VERIFY_PUBLICKEY} (the PEM itself,
     * so nothing depends on this JVM's temporary file) and {@code MP_JWT_VERIFY_ISSUER}.
     */
    public static Map<String, String> processEnvironment() {
        return Map.of(
                "MP_JWT_VERIFY_PUBLICKEY", publicKeyPem(),
                "MP_JWT_VERIFY_ISSUER", ISSUER);
    }

    /** {@link #publicKeyFile()} as a {@code file:} URL, a value for {@code mp.jwt.verify.publickey.location}. */
    public static String publicKeyLocation() {
        return publicKeyFile().toUri().toString();
    }

    /** A valid token for {@code user} (as {@code upn}, {@code preferred_username} and {@code sub}) in {@code groups}. */
    public static String token(String user, String... groups) {
        Instant now = Instant.now();
        return sign(ISSUER, user, groups, now, now.plus(LIFESPAN), keys().getPrivate());
    }

    /** {@code "Bearer " + token(user, groups)}: the value of an {@code Authorization} header. */
    public static String bearer(String user, String... groups) {
        return "Bearer " + token(user, groups);
    }

    /** Signed with the right key but naming {@link #OTHER_ISSUER}: services must reject it (401). */
    public static String tokenFromOtherIssuer(String user, String... groups) {
        Instant now = Instant.now();
        return sign(OTHER_ISSUER, user, groups, now, now.plus(LIFESPAN), keys().getPrivate());
    }

    /** Right issuer and claims, signed by a key nobody configured (a forgery): services must reject it (401). */
    public static String tokenSignedByAnotherKey(String user, String... groups) {
        Instant now = Instant.now();
        return sign(ISSUER, user, groups, now, now.plus(LIFESPAN), OtherKey.PAIR.getPrivate());
    }

    /**
     * Right issuer and key, expired an hour ago (well beyond SmallRye JWT's default 60 s clock skew): services must
     * reject it (401).
     */
    public static String expiredToken(String user, String... groups) {
        Instant now = Instant.now();
        return sign(ISSUER, user, groups, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), keys().getPrivate());
    }

    /** The verifying public key, PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public static String publicKeyPem() {
        return pem(keys().getPublic());
    }

    /**
     * A file holding {@link #publicKeyPem()}, written once per JVM and deleted when the JVM exits (so a process that
     * outlives this JVM needs {@link #processEnvironment()} instead).
     */
    public static synchronized Path publicKeyFile() {
        String existing = System.getProperty(PUBLIC_KEY_FILE_PROPERTY);
        if (existing != null && Files.isRegularFile(Path.of(existing))) {
            return Path.of(existing);
        }
        try {
            Path file = Files.createTempFile("conveyor-test-jwt-", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, publicKeyPem(), StandardCharsets.US_ASCII);
            System.setProperty(PUBLIC_KEY_FILE_PROPERTY, file.toAbsolutePath().toString());
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the test public key", e);
        }
    }

    private static String sign(String issuer, String user, String[] groups, Instant issuedAt, Instant expiresAt,
                               PrivateKey key) {
        Set<String> groupSet = new LinkedHashSet<>(List.of(groups));
        return Jwt.issuer(issuer)
                .upn(user)
                .preferredUserName(user)
                .subject(user)
                .groups(groupSet)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .sign(key);
    }

    /** The JVM's key pair: generated once and kept in system properties, so every class loader sees the same one. */
    private static synchronized KeyPair keys() {
        String privateKey = System.getProperty(PRIVATE_KEY_PROPERTY);
        String publicKey = System.getProperty(PUBLIC_KEY_PROPERTY);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (privateKey != null && publicKey != null) {
                return new KeyPair(
                        rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey))));
            }
            KeyPair pair = generate();
            // Set the public half last: a reader seeing both is guaranteed a complete pair.
            System.setProperty(PRIVATE_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            System.setProperty(PUBLIC_KEY_PROPERTY, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not load the test key pair", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    private static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** A second key pair, for forgeries; never configured anywhere. */
    private static final class OtherKey {
        static final KeyPair PAIR = generate();
    }
}
