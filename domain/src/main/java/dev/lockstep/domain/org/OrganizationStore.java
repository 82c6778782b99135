package dev.lockstep.domain.org;

/**
 * Port family "org sync": organizations synced from an identity provider.
 */
public interface OrganizationStore {}
