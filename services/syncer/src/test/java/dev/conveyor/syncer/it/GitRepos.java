package dev.conveyor.syncer.it;

import dev.conveyor.testing.git.GitFixture;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Real Git for the syncer's integration tests: a control repository (the Application declarations) and an application
 * repository (the manifests), as bare repositories with working clones, created once per test JVM.
 */
public class GitRepos implements QuarkusTestResourceLifecycleManager {

    private static GitFixture control;
    private static GitFixture apps;
    private static Path root;

    @Override
    public synchronized Map<String, String> start() {
        if (control == null) {
            try {
                root = Files.createTempDirectory("conveyor-syncer-it");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            control = new GitFixture(root, "control");
            apps = new GitFixture(root, "apps");
            control.commit("empty control repository", Map.of("README.md", "Applications live in apps/.\n"));
            apps.commit("empty app repository", Map.of("README.md", "Manifests.\n"));
        }
        return Map.of(
                "conveyor.syncer.declarations.repo-url", control.url(),
                "conveyor.syncer.declarations.path", "apps",
                "conveyor.syncer.git.cache-dir", root.resolve("cache").toString());
    }

    public static GitFixture control() {
        return control;
    }

    public static GitFixture apps() {
        return apps;
    }

    @Override
    public void stop() {
        // Shared for the JVM; temp files are removed with the build directory.
    }
}
