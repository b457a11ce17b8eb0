package io.herald.contract.diagnostics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.util.unit.DataSize;

/**
 * A {@code herald.*} property Herald cannot use, said in words when a service fails to start: the property, where it was
 * set, and what it must be. Spring Boot's own analysis names Java types ("failed to convert java.lang.String to
 * io.herald...Ordering"), which tells an operator editing a YAML file nothing.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class PropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    // values of these types are never credentials, so the analysis may repeat them
    private static final Set<Class<?>> SHOWN_VALUES = Set.of(
            Duration.class,
            DataSize.class,
            Boolean.class,
            boolean.class,
            Integer.class,
            int.class,
            Long.class,
            long.class,
            Double.class,
            double.class,
            BigDecimal.class);

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        String name = property != null
                ? property.getName().toString()
                : cause.getName().toString();
        if (!name.startsWith("herald") || cause.getCause() instanceof BindValidationException) {
            return null; // validation failures already name the property and the rule
        }
        ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
        String problem;
        Class<?> target = null;
        if (conversion != null && conversion.getTargetType() != null) {
            target = conversion.getTargetType().getType();
            problem = mustBe(target);
        } else {
            problem = ownWords(cause);
        }
        if (problem == null) {
            return null;
        }
        String value = property != null && property.getValue() != null && shown(target)
                ? " = \"" + property.getValue() + "\""
                : "";
        String origin = property != null && property.getOrigin() != null
                ? property.getOrigin().toString()
                : null;
        return new FailureAnalysis(
                name + value + (origin == null ? "" : " (set in " + origin + ")") + ": " + problem,
                "Correct " + name + " in " + (origin == null ? "the configuration" : origin) + " and start again.",
                cause);
    }

    /** What a value of {@code target} must look like, without naming a Java type. */
    static String mustBe(Class<?> target) {
        if (target.isEnum()) {
            return "must be one of "
                    + Arrays.stream(target.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant)
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', '-'))
                            .collect(Collectors.joining(", "));
        }
        if (target == Duration.class) {
            return "must be a duration, such as 500ms, 30s, 5m or PT5M";
        }
        if (target == DataSize.class) {
            return "must be a size, such as 512KB or 10MB";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class) {
            return "must be a number";
        }
        if (target == java.net.URI.class || target == java.net.URL.class) {
            return "must be a URL, such as https://hooks.example.com/path";
        }
        return "cannot be read in this form";
    }

    /** The message Herald's own checks gave (they are written for operators), else none. */
    private static String ownWords(BindException cause) {
        for (Throwable t = cause.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null && thrownByHerald(t)) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static boolean thrownByHerald(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.herald.");
    }

    private static boolean shown(Class<?> target) {
        return target != null && (target.isEnum() || SHOWN_VALUES.contains(target));
    }
}
