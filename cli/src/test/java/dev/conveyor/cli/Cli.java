package dev.conveyor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code conveyor} in-process, as {@code main} would, with a fixed clock, no colour and a given environment, and
 * captures what it prints. Every run checks that the secret token appears in neither output.
 */
final class Cli {

    static final String TOKEN = "s3cr3t-T0KEN-abc123";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    record Result(int exit, String out, String err) {
    }

    private final Map<String, String> env;
    private final List<String> defaults;

    private Cli(Map<String, String> env, List<String> defaults) {
        this.env = env;
        this.defaults = defaults;
    }

    /** Against the given servers, with {@link #TOKEN} as {@code --token}. */
    static Cli against(FakeApi syncer, FakeApi promoter) {
        return new Cli(Map.of(), List.of("--syncer", syncer.url(), "--promoter", promoter.url(), "--token", TOKEN));
    }

    /** With only an environment: no options added. */
    static Cli withEnv(Map<String, String> env) {
        return new Cli(env, List.of());
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Conveyor.commandLine(new Conveyor(env, Clock.fixed(NOW, ZoneOffset.UTC), false));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(defaults);
        int exit = cl.execute(all.toArray(String[]::new));
        Result result = new Result(exit, out.toString(), err.toString());
        assertThat(result.out()).doesNotContain(TOKEN);
        assertThat(result.err()).doesNotContain(TOKEN);
        return result;
    }
}
