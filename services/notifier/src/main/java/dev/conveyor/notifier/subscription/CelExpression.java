package dev.conveyor.notifier.subscription;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.conveyor.declarations.DeclarationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CEL expression over an event, compiled and type-checked when its Subscription is parsed, so that a typo is an
 * invalid declaration (file and field) rather than a notification that silently never fires.
 * <p>
 * Variables: {@code id}, {@code type}, {@code source}, {@code subject}, {@code time} (RFC 3339 text) — the CloudEvent
 * attributes — {@code data}, the JSON body as a map, and {@code app}, the application the event is about as declared
 * in the control repository ({@code app.name}, {@code app.labels}; empty map when unknown). Reading a field that is
 * absent is an evaluation error, which counts as "no match": guard with {@code has(data.x)} or
 * {@code data[?"x"].orValue("")}. Instances are immutable and thread-safe.
 */
public final class CelExpression {

    public enum Result { BOOL, STRING }

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .comprehensionMaxIterations(10_000)
            .build();
    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
            .addRuntimeLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
            .addVar("id", SimpleType.STRING)
            .addVar("type", SimpleType.STRING)
            .addVar("source", SimpleType.STRING)
            .addVar("subject", SimpleType.STRING)
            .addVar("time", SimpleType.STRING)
            .addVar("data", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("app", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.DYN)
            .build();

    private final String source;
    private final CelRuntime.Program program;
    private final Result result;

    private CelExpression(String source, CelRuntime.Program program, Result result) {
        this.source = source;
        this.program = program;
        this.result = result;
    }

    /**
     * @param field the declaration field the expression came from, for the error
     * @throws DeclarationException when it does not compile or cannot return the expected type
     */
    public static CelExpression compile(String expression, String field, Result expected) throws DeclarationException {
        if (expression == null || expression.isBlank()) {
            throw new DeclarationException(field, "the expression is empty");
        }
        CelValidationResult compiled = CEL.compile(expression, field);
        if (compiled.hasError()) {
            throw new DeclarationException(field, "does not compile: " + compiled.getErrorString());
        }
        try {
            CelKind kind = compiled.getAst().getResultType().kind();
            boolean fits = kind == CelKind.DYN || kind == CelKind.ANY
                    || (expected == Result.BOOL ? kind == CelKind.BOOL
                    : kind == CelKind.STRING || kind == CelKind.INT || kind == CelKind.UINT);
            if (!fits) {
                throw new DeclarationException(field, "returns " + compiled.getAst().getResultType().name()
                        + "; it must return " + (expected == Result.BOOL ? "a bool" : "a string"));
            }
            return new CelExpression(expression, CEL.createProgram(compiled.getAst()), expected);
        } catch (dev.cel.common.CelValidationException | CelEvaluationException e) {
            throw new DeclarationException(field, e.getMessage());
        }
    }

    /** True only when the expression evaluates to true; an evaluation error is false (and said in the exception). */
    public boolean test(Variables variables) throws EvaluationException {
        Object value = eval(variables);
        if (value instanceof Boolean b) return b;
        throw new EvaluationException(source + " returned " + value + ", not a bool");
    }

    /** The expression's value as text. */
    public String text(Variables variables) throws EvaluationException {
        Object value = eval(variables);
        if (value == null || value instanceof com.google.protobuf.NullValue) return "";
        return String.valueOf(value);
    }

    private Object eval(Variables variables) throws EvaluationException {
        try {
            return program.eval(variables.values());
        } catch (CelEvaluationException | RuntimeException e) {
            throw new EvaluationException(source + ": " + e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    public Result result() {
        return result;
    }

    @Override
    public String toString() {
        return source;
    }

    /** An evaluation failed (a field is missing, a type is wrong). */
    public static final class EvaluationException extends Exception {
        private static final long serialVersionUID = 1L;

        public EvaluationException(String message) {
            super(message);
        }
    }

    /** The variables of one event, converted once to the values CEL's runtime works with. */
    public record Variables(Map<String, Object> values) {

        public static Variables of(InboundEvent event, Map<String, Object> app) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", event.id());
            v.put("type", event.type());
            v.put("source", event.source());
            v.put("subject", event.subject());
            v.put("time", event.time() == null ? "" : event.time().toString());
            v.put("data", toCel(event.data()));
            v.put("app", toCel(app == null ? Map.of() : app));
            return new Variables(Map.copyOf(v));
        }

        /** Java values from JSON → CEL values: ints become longs, nulls become CEL null. */
        @SuppressWarnings("unchecked")
        static Object toCel(Object value) {
            if (value == null) return com.google.protobuf.NullValue.NULL_VALUE;
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) map).forEach((k, x) -> out.put(k, toCel(x)));
                return out;
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(x -> out.add(toCel(x)));
                return out;
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof java.math.BigInteger bi) return bi.longValue();
            if (value instanceof Float f) return f.doubleValue();
            if (value instanceof java.math.BigDecimal bd) return bd.doubleValue();
            return value;
        }
    }
}
