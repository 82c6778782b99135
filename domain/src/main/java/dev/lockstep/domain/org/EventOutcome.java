package dev.lockstep.domain.org;

/** What applying one organization event did; the wire names are the webhook's answer. */
public enum EventOutcome {
  CREATED("created"),
  UPDATED("updated"),
  DELETED("deleted"),
  SKIPPED_STALE("skipped_stale"),
  SKIPPED_DUPLICATE("skipped_duplicate");

  private final String wireName;

  EventOutcome(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
