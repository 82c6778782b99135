package dev.lockstep.http.support;

import dev.lockstep.domain.FieldError;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Body;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request Micronaut could not bind (a body that is not valid JSON, an unknown or mistyped field, a
 * query value of the wrong type), said in the API's own words (API.md "Errors"): {@code field} is a
 * JSON pointer into the body ({@code /ratelimits/0/durationMs}, {@code ""} for the whole body) or the
 * parameter's name, and the message names what the API expects, never a framework class.
 */
final class BindingErrors {
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Unknown property \\[([^\\]]*)\\]");

    private BindingErrors() {}

    /** The field error for a binding failure, or empty when the failure is not one. */
    static Optional<FieldError> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConversionErrorException conversion) {
                return Optional.of(conversion(conversion));
            }
            if (t instanceof UnsatisfiedArgumentException unsatisfied) {
                Argument<?> argument = unsatisfied.getArgument();
                return Optional.of(
                        isBody(argument)
                                ? new FieldError("", "is required")
                                : new FieldError(argument.getName(), "is required"));
            }
            if (t instanceof SerdeException serde) {
                return Optional.of(body(serde));
            }
        }
        return Optional.empty();
    }

    private static FieldError conversion(ConversionErrorException e) {
        Argument<?> argument = e.getArgument();
        SerdeException serde = serdeCause(e);
        if (serde != null || isBody(argument)) {
            return serde == null ? new FieldError("", "is not valid JSON") : body(serde);
        }
        return new FieldError(argument.getName(), "must be " + expected(argument.getType()));
    }

    private static boolean isBody(Argument<?> argument) {
        return argument.getAnnotationMetadata().hasAnnotation(Body.class);
    }

    private static SerdeException serdeCause(Throwable e) {
        SerdeException found = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerdeException serde
                    && (found == null || !serde.getPath().isEmpty())) {
                found = serde;
            }
        }
        return found;
    }

    private static FieldError body(SerdeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // the parser's own failures (truncated or malformed text): no field is at fault
            if (t.getClass().getName().startsWith("com.fasterxml.jackson.core.")) {
                return new FieldError("", "is not valid JSON");
            }
        }
        // the path runs from the failing value out to the body; a list item's own property step
        // is sometimes missing, so the item names its list
        List<ReferencePath> path = new ArrayList<>(serdeCause(e).getPath());
        Collections.reverse(path);
        List<String> steps = new ArrayList<>();
        Argument<?> leaf = null;
        String leafName = null;
        for (ReferencePath step : path) {
            if (step instanceof PropertyReferencePath property) {
                leafName = property.property().getName();
                steps.add(leafName);
                leaf = property.property();
            } else if (step instanceof CollectionItemReferencePath item) {
                addContainer(steps, leafName, item.collectionArgument().getName());
                steps.add(Integer.toString(item.index()));
                leaf = item.collectionArgument().getFirstTypeVariable().orElse(null);
                leafName = null;
            } else if (step instanceof MapItemReferencePath entry) {
                addContainer(steps, leafName, entry.mapArgument().getName());
                steps.add(entry.key());
                leaf = entry.mapArgument().getTypeVariable("V").orElse(null);
                leafName = null;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher unknown = UNKNOWN_PROPERTY.matcher(String.valueOf(t.getMessage()));
            if (unknown.find()) {
                if (!unknown.group(1).equals(leafName)) {
                    steps.add(unknown.group(1));
                }
                return new FieldError(pointer(steps), "is not a known field");
            }
        }
        if (leaf == null) {
            return new FieldError(pointer(steps), "is not valid JSON");
        }
        return new FieldError(pointer(steps), "must be " + expected(leaf.getType()));
    }

    private static void addContainer(List<String> steps, String previousProperty, String container) {
        if (container != null && !container.isEmpty() && !container.equals(previousProperty)) {
            steps.add(container);
        }
    }

    private static String pointer(List<String> steps) {
        StringBuilder pointer = new StringBuilder();
        steps.forEach(step -> pointer.append('/').append(escape(step)));
        return pointer.toString();
    }

    /** RFC 6901: {@code ~} and {@code /} in a key are escaped. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String expected(Class<?> type) {
        if (type == Long.class
                || type == long.class
                || type == Integer.class
                || type == int.class
                || type == Short.class
                || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == CharSequence.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 time";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of the documented values";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "a valid value";
    }
}
