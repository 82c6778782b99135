package dev.lockstep.domain.identity;

/**
 * Port family "identity deletion": the identity store with the soft-delete-with-one-generation rule.
 */
public interface IdentityStore {}
