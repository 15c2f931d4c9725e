package dev.conveyor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.conveyor.cli.commands.AppCommand;
import dev.conveyor.cli.commands.AppsCommand;
import dev.conveyor.cli.commands.PipelinesCommand;
import dev.conveyor.cli.commands.StageCommands;
import dev.conveyor.cli.commands.SyncCommand;
import dev.conveyor.cli.http.ApiClient;
import dev.conveyor.cli.http.Durations;
import dev.conveyor.cli.render.Ansi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code conveyor}: the top command. Holds the global options (inherited by every subcommand, so they may be given
 * before or after the subcommand's name) and what the subcommands share: the two API clients, the output mode, the
 * clock and whether to colour.
 *
 * <p>Defaults come from the environment given to the constructor, not from {@link System#getenv()} directly, so tests
 * can set them; the token is read there too rather than through a picocli default, so no help text or trace can show it.
 */
@Command(name = "conveyor",
        mixinStandardHelpOptions = true,
        versionProvider = Conveyor.Version.class,
        scope = ScopeType.INHERIT,
        usageHelpAutoWidth = true,
        description = "Command-line client of Conveyor: applications on the syncer, pipelines on the promoter.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AppsCommand.class,
                AppCommand.class,
                SyncCommand.class,
                PipelinesCommand.class,
                StageCommands.Approve.class,
                StageCommands.Promote.class,
                StageCommands.Rollback.class,
                StageCommands.Release.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:unexpected error in the CLI",
                "2:usage error (also: a freight prefix shorter than 6 characters)",
                "3:not authenticated (HTTP 401): set CONVEYOR_TOKEN or --token",
                "4:forbidden (HTTP 403)",
                "5:not found (HTTP 404, or an unknown or ambiguous freight id prefix)",
                "6:refused (HTTP 400, 409, 422)",
                "7:server error (HTTP 5xx) or server unreachable",
        },
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  CONVEYOR_SYNCER_URL    default for --syncer",
                "  CONVEYOR_PROMOTER_URL  default for --promoter",
                "  CONVEYOR_TOKEN         default for --token",
                "  NO_COLOR               never colour the output",
        })
public final class Conveyor implements Callable<Integer> {

    public static final String DEFAULT_SYNCER = "http://127.0.0.1:8082";
    public static final String DEFAULT_PROMOTER = "http://127.0.0.1:8084";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--syncer", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Syncer API base URL (env CONVEYOR_SYNCER_URL; default " + DEFAULT_SYNCER + ").")
    String syncer;

    @Option(names = "--promoter", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Promoter API base URL (env CONVEYOR_PROMOTER_URL; default " + DEFAULT_PROMOTER + ").")
    String promoter;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Bearer token sent to both APIs (env CONVEYOR_TOKEN). Never printed.")
    String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "table (default) or json: the server's JSON, pretty-printed.")
    Output output;

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, converter = DurationConverter.class,
            description = "Connect and request timeout, e.g. 10s, 500ms, 2m (default 10s).")
    Duration timeout;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Trace each HTTP request and answer status on standard error (the token is masked).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;
    private final boolean colour;
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** jq-style: {@code "key": value}, arrays one element per line. */
    private final ObjectWriter pretty = mapper.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));

    /**
     * @param env    the environment variables to take defaults from
     * @param clock  for ages ("5m ago") in tables
     * @param colour whether standard output is a terminal that should be coloured
     */
    public Conveyor(Map<String, String> env, Clock clock, boolean colour) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.clock = clock;
        this.colour = colour;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        int code = commandLine(new Conveyor(env, Clock.systemUTC(), Ansi.enabled(env))).execute(args);
        System.exit(code);
    }

    /**
     * The configured picocli command line: case-insensitive {@code -o}; usage errors as one line and a hint (exit 2);
     * failures as one {@code error:} line with the exit code of their {@link CliException}.
     */
    public static CommandLine commandLine(Conveyor conveyor) {
        CommandLine cl = new CommandLine(conveyor);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("error: " + conveyor.mask(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof CliException e) {
                err.println("error: " + conveyor.mask(e.getMessage()));
                err.flush();
                return e.exitCode();
            }
            err.println("error: " + conveyor.mask(String.valueOf(ex)));
            err.flush();
            return ExitCodes.SOFTWARE;
        });
        return cl;
    }

    /** Without a subcommand: the usage, on standard error, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public ApiClient syncer() {
        return client("syncer", syncer, "CONVEYOR_SYNCER_URL", DEFAULT_SYNCER);
    }

    public ApiClient promoter() {
        return client("promoter", promoter, "CONVEYOR_PROMOTER_URL", DEFAULT_PROMOTER);
    }

    public Output output() {
        return output == null ? Output.table : output;
    }

    public Clock clock() {
        return clock;
    }

    public boolean colour() {
        return colour;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints JSON pretty (for {@code -o json}). */
    public void printJson(JsonNode node) {
        try {
            out().println(mask(pretty.writeValueAsString(node)));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a JSON answer into a wire type; an answer of the wrong shape is exit 7 (the server is not what we expect). */
    public <T> T read(JsonNode node, Class<T> type, String what) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot read the " + what + " answer: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "cannot read the " + what + " answer: " + e.getMessage());
        }
    }

    String mask(String text) {
        return ApiClient.mask(text, effectiveToken());
    }

    private String effectiveToken() {
        String t = token != null ? token : env.get("CONVEYOR_TOKEN");
        return t == null || t.isBlank() ? null : t.strip();
    }

    private ApiClient client(String service, String option, String variable, String fallback) {
        String fromEnv = env.get(variable);
        String url = option != null ? option : fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + service + ": '" + url + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--" + service + ": '" + url + "' is not an http(s) URL with a host (set by "
                            + (option != null ? "--" + service : variable) + ")");
        }
        PrintWriter trace = verbose ? spec.commandLine().getErr() : null;
        return new ApiClient(service, uri, effectiveToken(), timeout == null ? DEFAULT_TIMEOUT : timeout, trace, mapper);
    }

    /** {@code --timeout} values. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The version from the jar manifest ({@code Implementation-Version}), or {@code dev} when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Conveyor.class.getPackage().getImplementationVersion();
            return new String[]{"conveyor " + (v == null ? "dev" : v)};
        }
    }
}
