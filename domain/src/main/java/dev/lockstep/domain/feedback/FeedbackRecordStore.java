package dev.lockstep.domain.feedback;

/**
 * Feedback records: tenant-owned rows whose create is gated on the tenant lock.
 */
public interface FeedbackRecordStore {}
