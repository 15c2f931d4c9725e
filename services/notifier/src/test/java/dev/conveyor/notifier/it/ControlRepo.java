package dev.conveyor.notifier.it;

import dev.conveyor.testing.git.GitFixture;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real Git control repository (bare, file://) holding Applications and Subscriptions, created once per JVM. */
public class ControlRepo implements QuarkusTestResourceLifecycleManager {

    static GitFixture control;
    static Path root;

    @Override
    public synchronized Map<String, String> start() {
        if (control == null) {
            try {
                root = Files.createTempDirectory("conveyor-notifier-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            control = new GitFixture(root, "control");
            control.commit("declarations", NotifierIT.declarations());
        }
        return Map.of(
                "conveyor.notifier.declarations.repo-url", control.url(),
                "conveyor.notifier.declarations.path", "platform",
                "conveyor.notifier.git.cache-dir", root.resolve("cache").toString());
    }

    @Override
    public void stop() {
    }
}
