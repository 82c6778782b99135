package dev.lockstep.domain.stack;

/**
 * Port family "env merging": stacks and their env, merged under the stack's row lock.
 */
public interface StackStore {}
