/**
 * Lockstep's domain: the model, the pure rules and the port interfaces.
 *
 * <p>Depends on the JDK only, so other teams can put it on their test classpath. Expected outcomes
 * (not found, conflict, too large, …) are {@link dev.lockstep.domain.DomainException}s carrying the
 * stable {@link dev.lockstep.domain.ErrorCode} of the HTTP contract.
 */
package dev.lockstep.domain;
