package dev.lockstep.domain.webhook;

/**
 * Webhooks of a tenant; a move to another tenant locks both.
 */
public interface WebhookStore {}
