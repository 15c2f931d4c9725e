package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.SourcePaths.CheckedSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kustomize, run as a process: {@code kustomize build DIR} when a {@code kustomize} binary is on the search path, else
 * {@code kubectl kustomize DIR} (kubectl embeds Kustomize). The process gets a bounded time and is killed, with its
 * children, when it runs over; a failure reports what the tool wrote on stderr, with the checkout's location removed
 * so paths read as repository paths. Kustomize's own defaults apply: files must stay under the kustomization root
 * (bases in other directories are allowed), Helm chart inflation is off.
 */
public final class KustomizeRenderer implements Renderer {

    /** Default bound on one {@code kustomize build}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final int MAX_ERROR_CHARS = 8 * 1024;
    /** kubectl reports errors through klog: {@code E0101 12:00:00.000000 123 run.go:72] "command failed" err="…"}. */
    private static final Pattern KLOG_ERROR = Pattern.compile("(?s)^E\\d{4} [^\\]]*\\] \"command failed\" err=\"(.*)\"\\s*$");

    private final Duration timeout;
    private final String searchPath;

    /** Default timeout, binaries looked up on the {@code PATH} environment variable. */
    public KustomizeRenderer() {
        this(DEFAULT_TIMEOUT);
    }

    public KustomizeRenderer(Duration timeout) {
        this(timeout, System.getenv("PATH"));
    }

    /**
     * @param timeout    bound on one build; the process is killed when it runs over
     * @param searchPath where to look for {@code kustomize} and {@code kubectl}, in {@code PATH} syntax
     */
    public KustomizeRenderer(Duration timeout, String searchPath) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.searchPath = searchPath == null ? "" : searchPath;
    }

    @Override
    public List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws RenderException {
        return render(SourcePaths.check(app, checkout, revision), app);
    }

    List<GenericKubernetesResource> render(CheckedSource source, Application app) throws RenderException {
        List<String> command = command(source);
        String shown = Path.of(command.get(0)).getFileName() + " " + command.get(1) + " "
                + (source.path().isEmpty() ? "." : source.path());
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("conveyor-kustomize-", ".out");
            stderr = Files.createTempFile("conveyor-kustomize-", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(source.dir().toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close(); // nothing to read on stdin
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new RenderException(shown + " was interrupted", e);
            }
            if (!finished) {
                kill(process);
                String err = errorText(source, stderr);
                throw new RenderException(shown + " timed out after " + describe(timeout) + " and was stopped"
                        + (err.isEmpty() ? "" : ": " + err));
            }
            if (process.exitValue() != 0) {
                String err = errorText(source, stderr);
                throw new RenderException(shown + " failed (exit " + process.exitValue() + "): "
                        + (err.isEmpty() ? "no error output" : err));
            }
            String yaml = Files.readString(stdout, StandardCharsets.UTF_8);
            return ManifestParser.parseYaml(yaml, "output of " + shown);
        } catch (IOException e) {
            throw new RenderException("cannot run " + shown + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** {@code kustomize build DIR} or {@code kubectl kustomize DIR}, with absolute executables. */
    private List<String> command(CheckedSource source) throws RenderException {
        String dir = source.dir().toString();
        Path kustomize = find("kustomize");
        if (kustomize != null) {
            return List.of(kustomize.toString(), "build", dir);
        }
        Path kubectl = find("kubectl");
        if (kubectl != null) {
            return List.of(kubectl.toString(), "kustomize", dir);
        }
        throw new RenderException("cannot render Kustomize source " + source.display()
                + ": neither kustomize nor kubectl was found on the search path; install kustomize or kubectl");
    }

    private Path find(String executable) {
        for (String entry : searchPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path candidate = Path.of(entry).resolve(executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String errorText(CheckedSource source, Path stderr) {
        String text;
        try {
            text = Files.readString(stderr, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
        Matcher klog = KLOG_ERROR.matcher(text);
        if (klog.matches()) {
            text = unquote(klog.group(1));
        }
        text = text.startsWith("Error: ") ? text.substring("Error: ".length()) : text;
        text = source.redact(text);
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + " …(truncated)" : text;
    }

    /** Undoes Go's {@code %q} escaping of the klog {@code err} value for the common escapes. */
    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"', '\\' -> sb.append(n);
                    default -> sb.append('\\').append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
