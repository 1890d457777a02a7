package io.outboundcalls.result;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * Camunda's FEEL engine with shortcuts for the cells decision tables are mostly made of. Every FEEL evaluation builds
 * FEEL's built-in functions anew (tens of microseconds), which makes a table of a few dozen cells cost a millisecond.
 * An input expression that only names a variable ({@code priority}) reads the variable, an output entry that is a
 * literal ({@code "Busy"}, {@code 5}, {@code true}) is that value; an input entry that is a list
 * of literals or of comparisons with a number ({@code "Busy"}, {@code "Private","Visitor"}, {@code < 3},
 * {@code >= 3600}, {@code true}) is compared directly, with FEEL's meaning (null, or a value of another type, matches
 * nothing). Everything else (ranges, negations, functions, variables in entries) is parsed once and left to FEEL.
 */
public final class ShortcutFeelEngine extends ScalaFeelEngine {

    /** A table has a few dozen cells; the bound only protects against a stream of ever new tables. */
    private static final int MAX_CACHED = 10_000;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>)\\s*(-?\\d+(\\.\\d+)?)");

    private final FeelEngineApi api;
    private final Map<String, ParsedExpression> expressions = new ConcurrentHashMap<>();
    private final Map<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();
    private final Map<String, List<Test>> literalTests = new ConcurrentHashMap<>();

    public ShortcutFeelEngine() {
        super(List.of());
        this.api = new FeelEngineApi(feelEngine);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
        String name = expression.strip();
        if (IDENTIFIER.matcher(name).matches() && variables.containsVariable(name)) {
            TypedValue value = variables.resolve(name);
            return (T) (value == null ? null : value.getValue());
        }
        Matcher string = STRING.matcher(name);
        if (string.matches()) {
            return (T) string.group(1);
        }
        if (name.equals("true") || name.equals("false")) {
            return (T) Boolean.valueOf(name);
        }
        if (NUMBER.matcher(name).matches()) {
            // as FEEL's Java value mapper gives numbers back: whole ones as Long, others as Double
            BigDecimal number = new BigDecimal(name);
            return (T) (number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValueExact()
                    : (Object) number.doubleValue());
        }
        ParsedExpression parsed = parsed(expressions, expression, false);
        return (T) result(api.evaluate(parsed, context(variables)), expression);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
        TypedValue typed = variables.resolve(inputVariable);
        Object input = typed == null ? null : typed.getValue();
        List<Test> tests = cached(literalTests, expression, ShortcutFeelEngine::literalTests);
        if (!tests.isEmpty()) {
            return tests.stream().anyMatch(test -> test.matches(input));
        }
        ParsedExpression parsed = parsed(unaryTests, expression, true);
        return Boolean.TRUE.equals(result(api.evaluateWithInput(parsed, input, context(variables)), expression));
    }

    /** One literal test of an input entry. */
    interface Test {
        boolean matches(Object input);
    }

    /** The tests of an input entry made only of literals and comparisons; empty when it needs FEEL. */
    static List<Test> literalTests(String expression) {
        List<Test> tests = new ArrayList<>();
        for (String item : expression.split(",", -1)) {
            String text = item.strip();
            Matcher string = STRING.matcher(text);
            Matcher comparison = COMPARISON.matcher(text);
            if (string.matches()) {
                String literal = string.group(1);
                tests.add(literal::equals);
            } else if (text.equals("true") || text.equals("false")) {
                Boolean literal = Boolean.valueOf(text);
                tests.add(literal::equals);
            } else if (NUMBER.matcher(text).matches()) {
                BigDecimal literal = new BigDecimal(text);
                tests.add(input -> number(input) != null && number(input).compareTo(literal) == 0);
            } else if (comparison.matches()) {
                tests.add(comparison(comparison.group(1), new BigDecimal(comparison.group(2))));
            } else {
                return List.of(); // a comma inside a string, a range, a function, ...: FEEL decides
            }
        }
        return List.copyOf(tests);
    }

    private static Test comparison(String operator, BigDecimal bound) {
        return input -> {
            BigDecimal value = number(input);
            if (value == null) {
                return false;
            }
            int order = value.compareTo(bound);
            return switch (operator) {
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                default -> order >= 0;
            };
        };
    }

    private static BigDecimal number(Object input) {
        if (input instanceof Integer || input instanceof Long || input instanceof Short || input instanceof Byte) {
            return BigDecimal.valueOf(((Number) input).longValue());
        }
        if (input instanceof BigDecimal decimal) {
            return decimal;
        }
        if (input instanceof Double || input instanceof Float) {
            double value = ((Number) input).doubleValue();
            return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
        }
        return null;
    }

    private ParsedExpression parsed(Map<String, ParsedExpression> cache, String expression, boolean unary) {
        return cached(cache, expression, text -> {
            ParseResult parse = unary ? api.parseUnaryTests(text) : api.parseExpression(text);
            if (!parse.isSuccess()) {
                throw new IllegalArgumentException("FEEL '" + text + "': " + parse.failure().message());
            }
            return parse.parsedExpression();
        });
    }

    private static <V> V cached(Map<String, V> cache, String expression, Function<String, V> make) {
        V known = cache.get(expression);
        if (known != null) {
            return known;
        }
        V value = make.apply(expression);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(expression, value);
        return value;
    }

    private static Object result(EvaluationResult evaluation, String expression) {
        if (!evaluation.isSuccess()) {
            throw new IllegalArgumentException("FEEL '" + expression + "': " + evaluation.failure().message());
        }
        return evaluation.result();
    }

    private static CustomContext context(VariableContext variables) {
        return new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new ContextVariableWrapper(variables);
            }
        };
    }
}
