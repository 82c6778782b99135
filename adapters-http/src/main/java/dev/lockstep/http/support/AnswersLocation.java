package dev.lockstep.http.support;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a create route whose 201 answer carries {@code Location} ({@link ApiAnswers#location}). The
 * controller sets it on the first answer; {@link IdempotentReplayHandler} sets it on a replay, from
 * the stored body's {@code id}, since a stored answer keeps status and body only.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface AnswersLocation {}
