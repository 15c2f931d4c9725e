package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

/**
 * Health checks for chosen kinds written as CEL expressions, for kinds the built-in rules do not know or judge wrongly.
 * <p>
 * Each check is declared under a {@code group/Kind} key ({@code argoproj.io/Rollout}; core kinds as {@code Pod} or
 * {@code /Pod}; the version does not matter). The expression sees the live object as the variable {@code obj}, a map
 * of its JSON ({@code obj.status.phase}, {@code obj.metadata.generation}), and returns either
 * <ul>
 *   <li>a health name as a string, any case: {@code "Healthy"}, {@code "Suspended"}, {@code "Progressing"},
 *       {@code "Missing"}, {@code "Degraded"}, {@code "Unknown"}; or</li>
 *   <li>a map {@code {"status": "<health>", "message": "<why>"}} (message optional).</li>
 * </ul>
 * Reading a field the object does not have is an evaluation error: guard with {@code has(obj.status.phase)} or use
 * optional indexing, {@code obj[?"status"][?"phase"].orValue("")}. (A {@code .?} selection after an optional value,
 * as in {@code obj.?status.?phase}, is rejected: cel-java 0.9.0 evaluates it wrongly, cel-expr/cel-java#1083.) The two
 * branches of {@code ?:} must have one type: return a
 * map in both, or wrap one in {@code dyn(...)}. The standard macros, the strings extension
 * ({@code lowerAscii}, {@code split}, ...) and optional values are available.
 * <p>
 * Expressions are compiled and type-checked when the checks are built: one that does not compile, or can only return
 * something other than a string or a map, is rejected then with an {@link InvalidHealthCheckException} naming the kind.
 * A check that fails while evaluating (a missing field, a wrong type, a health name it made up) gives Unknown with the
 * error as the message. Instances are immutable and thread-safe.
 */
public final class CelHealthChecks {

    /** The name of the variable that holds the live object. */
    public static final String OBJECT_VARIABLE = "obj";

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .comprehensionMaxIterations(10_000)
            .build();
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
            .addRuntimeLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
            .addVar(OBJECT_VARIABLE, MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.DYN)
            .build();
    private static final CelHealthChecks NONE = new CelHealthChecks(Map.of());

    private record Check(GroupKind kind, String expression, CelRuntime.Program program) {
    }

    private final Map<GroupKind, Check> checks;

    private CelHealthChecks(Map<GroupKind, Check> checks) {
        this.checks = checks;
    }

    /** No custom checks: every kind gets its built-in check. */
    public static CelHealthChecks none() {
        return NONE;
    }

    /**
     * Compiles every check.
     *
     * @param expressionsByKind {@code group/Kind} → CEL expression
     * @throws InvalidHealthCheckException for the first check (in key order) with a bad key, a duplicate key
     *                                     ({@code Pod} and {@code /Pod}), or an expression that does not compile or
     *                                     cannot return a string or a map
     */
    public static CelHealthChecks compile(Map<String, String> expressionsByKind) {
        if (expressionsByKind == null || expressionsByKind.isEmpty()) {
            return NONE;
        }
        Map<GroupKind, Check> checks = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(expressionsByKind).entrySet()) {
            String key = entry.getKey();
            GroupKind kind;
            try {
                kind = GroupKind.parse(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidHealthCheckException(key, e.getMessage());
            }
            if (checks.containsKey(kind)) {
                throw new InvalidHealthCheckException(key, "declared twice (also as '" + checks.get(kind).kind() + "')");
            }
            checks.put(kind, new Check(kind, entry.getValue(), compileOne(key, entry.getValue())));
        }
        return new CelHealthChecks(Collections.unmodifiableMap(checks));
    }

    private static CelRuntime.Program compileOne(String key, String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidHealthCheckException(key, "the expression is empty");
        }
        CelValidationResult result = CEL.compile(expression, key);
        if (result.hasError()) {
            throw new InvalidHealthCheckException(key, result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            CelType type = ast.getResultType();
            if (!returnsHealth(type)) {
                throw new InvalidHealthCheckException(key, "the expression returns " + type.name()
                        + "; it must return a health name (string) or a map {\"status\": ..., \"message\": ...}");
            }
            Optional<String> unsupported = brokenOptionalSelect(ast);
            if (unsupported.isPresent()) {
                throw new InvalidHealthCheckException(key, unsupported.get());
            }
            return CEL.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidHealthCheckException(key, e.getMessage());
        }
    }

    /**
     * cel-java 0.9.0's runtime wraps {@code x.?f} in a second Optional when x is itself optional, so
     * {@code obj.?status.?phase.orValue("") == "Paused"} is silently false (cel-expr/cel-java#1083). Optional indexing
     * ({@code [?"f"]}) is not affected. Remove this guard once the library is fixed.
     */
    private static Optional<String> brokenOptionalSelect(CelAbstractSyntaxTree ast) {
        return CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .map(node -> node.expr())
                .filter(expr -> expr.getKind() == CelExpr.ExprKind.Kind.CALL && "_?._".equals(expr.call().function()))
                .filter(expr -> ast.getType(expr.call().args().get(0).id())
                        .filter(OptionalType.class::isInstance).isPresent())
                .findFirst()
                .map(expr -> "'.?" + fieldName(expr.call().args().get(1)) + "' selects from an optional value,"
                        + " which this CEL version evaluates wrongly (cel-expr/cel-java#1083);"
                        + " use optional indexing instead,"
                        + " e.g. obj[?\"status\"][?\"phase\"].orValue(\"\") or obj.?status[?\"phase\"]");
    }

    private static String fieldName(CelExpr field) {
        return field.getKind() == CelExpr.ExprKind.Kind.CONSTANT ? field.constant().stringValue() : "?";
    }

    private static boolean returnsHealth(CelType type) {
        CelKind kind = type.kind();
        if (kind == CelKind.MAP && type instanceof MapType map) {
            CelKind keys = map.keyType().kind();
            return keys == CelKind.STRING || keys == CelKind.DYN;
        }
        return kind == CelKind.STRING || kind == CelKind.DYN || kind == CelKind.ANY;
    }

    /** The kinds with a custom check, as {@code group/Kind} (core kinds without a group). */
    public Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        checks.keySet().forEach(k -> kinds.add(k.toString()));
        return kinds;
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /**
     * Runs the check for the object's kind.
     *
     * @return empty when no custom check is declared for the kind (or the object is null)
     */
    public Optional<ResourceHealth> assess(GenericKubernetesResource live) {
        return live == null || checks.isEmpty() ? Optional.empty() : assess(LiveObject.of(live));
    }

    Optional<ResourceHealth> assess(LiveObject live) {
        Check check = checks.get(live.groupKind());
        if (check == null) {
            return Optional.empty();
        }
        Object result;
        try {
            result = check.program().eval(Map.of(OBJECT_VARIABLE, toCel(live.tree())));
        } catch (CelEvaluationException | RuntimeException e) {
            return Optional.of(ResourceHealth.of(Health.UNKNOWN,
                    "custom health check for " + check.kind() + " failed: " + e.getMessage()));
        }
        return Optional.of(interpret(check.kind(), result));
    }

    private static ResourceHealth interpret(GroupKind kind, Object result) {
        String source = "custom health check for " + kind;
        if (result instanceof String name) {
            return health(name).map(h -> ResourceHealth.of(h, source + " returned " + name))
                    .orElseGet(() -> ResourceHealth.of(Health.UNKNOWN, source + " returned '" + name
                            + "', which is not a health (Healthy, Suspended, Progressing, Missing, Degraded, Unknown)"));
        }
        if (result instanceof Map<?, ?> map) {
            Object status = map.get("status");
            Object message = map.get("message");
            if (!(status instanceof String name)) {
                return ResourceHealth.of(Health.UNKNOWN, source + " returned a map without a string \"status\": " + map);
            }
            Optional<Health> health = health(name);
            if (health.isEmpty()) {
                return ResourceHealth.of(Health.UNKNOWN, source + " returned status '" + name
                        + "', which is not a health (Healthy, Suspended, Progressing, Missing, Degraded, Unknown)");
            }
            String text = message instanceof String s ? s : message == null ? "" : String.valueOf(message);
            return ResourceHealth.of(health.get(), text.isBlank() ? source + " returned " + name : text);
        }
        return ResourceHealth.of(Health.UNKNOWN, source + " returned " + (result == null ? "null" : result.getClass()
                .getSimpleName() + " " + result) + "; expected a health name or a map {\"status\": ..., \"message\": ...}");
    }

    private static Optional<Health> health(String name) {
        try {
            return Optional.of(Health.valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** JSON → the values CEL's runtime works with: Long, Double, String, Boolean, List, Map and NullValue. */
    static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : (Object) node.asDouble();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return com.google.protobuf.NullValue.NULL_VALUE;
    }
}
