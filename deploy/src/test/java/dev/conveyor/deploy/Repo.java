package dev.conveyor.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The repository the checks look at, and the command-line tools they run. */
final class Repo {

    static final List<String> SERVICES = List.of("webhook-ingest", "syncer", "image-watcher", "promoter", "notifier");

    private Repo() {
    }

    static Path root() {
        String root = System.getProperty("conveyor.root");
        Path p = root != null ? Path.of(root) : Path.of("..");
        return p.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable on the PATH. */
    static Optional<Path> onPath(String name) {
        String pathEnv = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    record Result(int exit, String stdout, String stderr) {
    }

    static Result run(List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            try {
                Process p = new ProcessBuilder(command).directory(root().toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("did not finish in 5 minutes: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kustomize build DIR} when a kustomize binary is installed, else {@code kubectl kustomize DIR}. */
    static String kustomize(String dir) {
        List<String> command = new ArrayList<>();
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            command.addAll(List.of(kustomize.get().toString(), "build"));
        } else {
            Path kubectl = onPath("kubectl").orElseThrow(() -> new AssertionError(
                    "neither kustomize nor kubectl is on the PATH: the overlays cannot be rendered. Install kubectl "
                            + "(it has Kustomize built in) or kustomize."));
            command.addAll(List.of(kubectl.toString(), "kustomize"));
        }
        command.add(path(dir).toString());
        Result r = run(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "):\n" + r.stderr());
        }
        return r.stdout();
    }
}
