package dev.lockstep.domain.identity;

/**
 * Sessions (refresh tokens stored as hashes) of identities.
 */
public interface SessionStore {}
