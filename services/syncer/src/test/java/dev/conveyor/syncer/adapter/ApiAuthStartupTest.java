package dev.conveyor.syncer.adapter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ApiAuthStartupTest {

    @Test
    void aMissingLocalKeyFileIsNoticed(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n");
        Path missing = dir.resolve("missing.pem");

        assertThat(ApiAuthStartup.isMissingFile(key.toString())).isFalse();
        assertThat(ApiAuthStartup.isMissingFile(key.toUri().toString())).isFalse();
        assertThat(ApiAuthStartup.isMissingFile(missing.toString())).isTrue();
        assertThat(ApiAuthStartup.isMissingFile(missing.toUri().toString())).isTrue();
        assertThat(ApiAuthStartup.isMissingFile("file:" + missing)).isTrue();
    }

    @Test
    void remoteAndClasspathLocationsAreNotChecked() {
        assertThat(ApiAuthStartup.isMissingFile("https://idp.example/.well-known/jwks.json")).isFalse();
        assertThat(ApiAuthStartup.isMissingFile("publicKey.pem")).isFalse();
    }
}
