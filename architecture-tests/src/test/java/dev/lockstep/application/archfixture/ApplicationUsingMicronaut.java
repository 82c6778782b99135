package dev.lockstep.application.archfixture;

import io.micronaut.context.ApplicationContext;

/** Deliberately breaks "application sees no Micronaut runtime". Test-only. */
public class ApplicationUsingMicronaut {
  public ApplicationContext context;
}
