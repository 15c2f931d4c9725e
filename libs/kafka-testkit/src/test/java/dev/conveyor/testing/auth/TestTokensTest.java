package dev.conveyor.testing.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tokens verify the way a service verifies them: SmallRye JWT's parser, given the key file and issuer only. */
class TestTokensTest {

    /** Exactly what a service is configured with: {@link TestTokens#quarkusConfig()}. */
    private static DefaultJWTParser serviceParser() {
        var config = TestTokens.quarkusConfig();
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(config.get("mp.jwt.verify.publickey"));
        info.setIssuedBy(config.get("mp.jwt.verify.issuer"));
        return new DefaultJWTParser(info);
    }

    /** What a process is configured with when given {@link TestTokens#publicKeyLocation()}. */
    private static DefaultJWTParser locationParser() {
        return new DefaultJWTParser(new JWTAuthContextInfo(TestTokens.publicKeyLocation(), TestTokens.ISSUER));
    }

    @Test
    void aTokenVerifiesWithThePublishedKeyAndIssuer() throws Exception {
        JsonWebToken jwt = serviceParser().parse(TestTokens.token("ops-user", "conveyor-operators", "team-payments"));

        assertThat(jwt.getName()).isEqualTo("ops-user");
        assertThat(jwt.getSubject()).isEqualTo("ops-user");
        assertThat(jwt.<String>getClaim("preferred_username")).isEqualTo("ops-user");
        assertThat(jwt.getGroups()).containsExactlyInAnyOrder("conveyor-operators", "team-payments");
        assertThat(jwt.getIssuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(jwt.getExpirationTime() - jwt.getIssuedAtTime()).isEqualTo(TestTokens.LIFESPAN.toSeconds());
    }

    @Test
    void aTokenWithoutGroupsHasNone() throws Exception {
        assertThat(serviceParser().parse(TestTokens.token("viewer")).getGroups()).isEmpty();
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() {
        assertThatThrownBy(() -> serviceParser().parse(TestTokens.tokenSignedByAnotherKey("mallory", "conveyor-operators")))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() {
        assertThatThrownBy(() -> serviceParser().parse(TestTokens.tokenFromOtherIssuer("ops-user", "conveyor-operators")))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void anExpiredTokenIsRejected() {
        assertThatThrownBy(() -> serviceParser().parse(TestTokens.expiredToken("ops-user", "conveyor-operators")))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void theKeyFileHoldsThePemAndStaysTheSame() throws Exception {
        assertThat(Files.readString(TestTokens.publicKeyFile())).isEqualTo(TestTokens.publicKeyPem());
        assertThat(TestTokens.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(TestTokens.publicKeyFile()).isEqualTo(TestTokens.publicKeyFile());
        assertThat(new JwtTestResource().start()).isEqualTo(TestTokens.quarkusConfig());
    }

    @Test
    void aProcessGetsTheKeyInlineAndTheIssuer() throws Exception {
        var env = TestTokens.processEnvironment();
        assertThat(env).containsEntry("MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKeyPem())
                .containsEntry("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        JWTAuthContextInfo inline = new JWTAuthContextInfo();
        inline.setPublicKeyContent(env.get("MP_JWT_VERIFY_PUBLICKEY"));
        inline.setIssuedBy(env.get("MP_JWT_VERIFY_ISSUER"));
        assertThat(new DefaultJWTParser(inline).parse(TestTokens.token("ops-user", "conveyor-operators")).getName())
                .isEqualTo("ops-user");
        assertThatThrownBy(() -> new DefaultJWTParser(inline).parse(TestTokens.tokenSignedByAnotherKey("ops-user")))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void theKeyLocationIsAFileUrlThatVerifiesTheSameTokens() throws Exception {
        assertThat(TestTokens.publicKeyLocation()).startsWith("file:/").endsWith(".pem");
        assertThat(locationParser().parse(TestTokens.token("ops-user", "conveyor-operators")).getName()).isEqualTo("ops-user");
        assertThatThrownBy(() -> locationParser().parse(TestTokens.tokenSignedByAnotherKey("ops-user")))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void theBearerHeaderValueCarriesAToken() throws Exception {
        String header = TestTokens.bearer("ops-user", "conveyor-operators");
        assertThat(header).startsWith("Bearer ");
        assertThat(serviceParser().parse(header.substring("Bearer ".length())).getName()).isEqualTo("ops-user");
    }
}
