package dev.lockstep.http.support;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a create route whose 201 answer carries {@code Location} ({@link ApiAnswers#location}), made
 * from the answer body's {@code id}: {@link IdempotentRequests#answer} sets it on a first answer and
 * on a replay alike, since a stored answer keeps status and body only.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface AnswersLocation {}
