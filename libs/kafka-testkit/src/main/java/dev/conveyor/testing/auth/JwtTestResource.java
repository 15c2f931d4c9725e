package dev.conveyor.testing.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Makes a {@code @QuarkusTest} service verify {@link TestTokens}: {@code @WithTestResource(JwtTestResource.class)}.
 * Returns {@link TestTokens#quarkusConfig()} (the public key file and the test issuer).
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestTokens.quarkusConfig();
    }

    @Override
    public void stop() {
        // The key pair and its file live as long as the JVM.
    }
}
