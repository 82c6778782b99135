package dev.lockstep.domain.identity;

import dev.lockstep.domain.log.DeletionKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The soft-delete-with-one-generation rule, as pure code both adapters call.
 *
 * <p>Per {@code (tenant, externalId)} at most one active and at most one deleted generation exist.
 * Deleting the active identity when a deleted generation already exists first removes that older
 * generation and its ratelimits for good, then marks the identity deleted (keeping its ratelimits).
 * In the deletion log the identity counts as removed when it is soft-deleted — exactly once; its
 * later hard removal records nothing more for the identity itself, only its ratelimits, which go
 * then.
 *
 * @param softDeleted the identity that was active and is now the kept deleted generation
 * @param hardRemovedGeneration the older deleted generation removed for good, if there was one
 * @param hardRemovedRatelimits ids of that older generation's ratelimits, removed with it
 */
public record IdentityDeletion(UUID softDeleted, Optional<UUID> hardRemovedGeneration, List<UUID> hardRemovedRatelimits) {

  public IdentityDeletion {
    Objects.requireNonNull(softDeleted, "softDeleted");
    Objects.requireNonNull(hardRemovedGeneration, "hardRemovedGeneration");
    hardRemovedRatelimits = List.copyOf(hardRemovedRatelimits);
    if (hardRemovedGeneration.isEmpty() && !hardRemovedRatelimits.isEmpty()) {
      throw new IllegalArgumentException("ratelimits can only go with their generation");
    }
    if (hardRemovedGeneration.filter(softDeleted::equals).isPresent()) {
      throw new IllegalArgumentException("the identity being soft-deleted cannot also be the older generation");
    }
  }

  /** Which generation a delete must remove for good before soft-deleting {@code target}, if any. */
  public static Optional<UUID> generationToRemove(UUID target, Optional<UUID> existingDeletedGeneration) {
    return existingDeletedGeneration.filter(older -> !older.equals(target));
  }

  /** One deletion-log entry to write. */
  public record Entry(DeletionKind kind, UUID id) {}

  /**
   * The deletion-log entries this deletion owes: the older generation's ratelimits (they go now),
   * then the identity itself (it counts as removed now). Never the older generation's identity: it
   * was recorded when it was soft-deleted.
   */
  public List<Entry> deletionLogEntries() {
    List<Entry> out = new ArrayList<>();
    for (UUID r : hardRemovedRatelimits) {
      out.add(new Entry(DeletionKind.RATELIMIT, r));
    }
    out.add(new Entry(DeletionKind.IDENTITY, softDeleted));
    return out;
  }
}
