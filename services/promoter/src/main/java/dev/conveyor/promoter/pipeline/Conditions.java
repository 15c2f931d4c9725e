package dev.conveyor.promoter.pipeline;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stage's extra conditions: CEL expressions (cel-java) over {@code freight} — {@code id}, {@code images} (each
 * {@code image}, {@code tag}, {@code digest}), {@code createdAt} — and {@code stage} — {@code name},
 * {@code application}, {@code previous} (the stage before), {@code previousVerifiedAt}. Each must return a bool;
 * all must be true for the gate to open. Compiled and type-checked when the Pipeline is loaded.
 */
public final class Conditions {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().comprehensionMaxIterations(10_000).build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .addVar("freight", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("stage", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    /**
     * Programs by expression: a gate is evaluated again at every decision about its stage, so each expression is
     * compiled once, not per evaluation. Only declared expressions (already checked at load) come here, so this stays small.
     */
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private Conditions() {
    }

    /** Null when the expression compiles to a bool; else the reason. */
    public static String check(String expression) {
        CelValidationResult result = CEL.compile(expression, "condition");
        return result.hasError() ? result.getErrorString() : null;
    }

    /**
     * The first condition that is not true, with why; null when all hold. An evaluation error counts as not true
     * (a gate never opens on an error).
     */
    public static String firstFailing(List<String> expressions, Map<String, Object> freight, Map<String, Object> stage) {
        for (String expression : expressions) {
            try {
                Object value = program(expression).eval(Map.of("freight", freight, "stage", stage));
                if (!Boolean.TRUE.equals(value)) return "condition is false: " + expression;
            } catch (CelEvaluationException | dev.cel.common.CelValidationException e) {
                return "condition could not be evaluated (" + e.getMessage() + "): " + expression;
            }
        }
        return null;
    }

    private static CelRuntime.Program program(String expression)
            throws CelEvaluationException, dev.cel.common.CelValidationException {
        CelRuntime.Program cached = PROGRAMS.get(expression);
        if (cached != null) return cached;
        CelRuntime.Program program = CEL.createProgram(CEL.compile(expression, "condition").getAst());
        PROGRAMS.putIfAbsent(expression, program);
        return program;
    }
}
