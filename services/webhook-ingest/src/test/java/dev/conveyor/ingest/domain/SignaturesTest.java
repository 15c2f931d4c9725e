package dev.conveyor.ingest.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SignaturesTest {

    /** GitHub's published test vector (docs: "Validating webhook deliveries"). */
    @Test
    void gitHubPublishedTestVector() {
        byte[] payload = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String secret = "It's a Secret to Everybody";
        String expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(Signatures.hmacSha256Hex(secret, payload)).isEqualTo(expected);
        assertThat(Signatures.hmacMatches(secret, payload, expected)).isTrue();
        assertThat(Signatures.hmacMatches(secret, payload, expected.toUpperCase())).as("hex case does not matter").isTrue();
    }

    /** RFC 4231 test case 2 (HMAC-SHA256, key "Jefe"): the algorithm itself, independent of any provider. */
    @Test
    void rfc4231TestCase2() {
        assertThat(Signatures.hmacSha256Hex("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void gitHubVectorThroughTheAuthenticator() {
        byte[] payload = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        WebhookAuthenticator auth = new WebhookAuthenticator(java.util.Map.of(Provider.GITHUB, ReceiverSecrets.of("It's a Secret to Everybody")));
        WebhookRequest ok = new WebhookRequest(Provider.GITHUB, Headers.of("X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), payload);
        assertThat(auth.authenticate(ok, java.util.Optional.empty())).isPresent();
        WebhookRequest noPrefix = new WebhookRequest(Provider.GITHUB, Headers.of("X-Hub-Signature-256",
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), payload);
        assertThat(auth.authenticate(noPrefix, java.util.Optional.empty())).as("GitHub always prefixes sha256=").isEmpty();
    }

    @Test
    void rejectsWrongOrMalformedSignatures() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String good = Signatures.hmacSha256Hex("s", body);
        assertThat(Signatures.hmacMatches("s", body, good)).isTrue();
        assertThat(Signatures.hmacMatches("t", body, good)).isFalse();
        assertThat(Signatures.hmacMatches("s", body, good.substring(2))).isFalse();
        assertThat(Signatures.hmacMatches("s", body, "zz" + good.substring(2))).isFalse();
        assertThat(Signatures.hmacMatches("s", body, null)).isFalse();
        assertThat(Signatures.hmacMatches("s", body, "")).isFalse();
    }

    @Test
    void tokensCompareExactly() {
        assertThat(Signatures.tokenMatches("Bearer abc", "Bearer abc")).isTrue();
        assertThat(Signatures.tokenMatches("Bearer abc", "Bearer abd")).isFalse();
        assertThat(Signatures.tokenMatches("Bearer abc", "Bearer ab")).isFalse();
        assertThat(Signatures.tokenMatches("Bearer abc", null)).isFalse();
    }
}
