package dev.lockstep.domain.stack;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of applying an {@link EnvPatch}: the env after the merge (sorted by name) and the
 * honest counts for the answer and the audit event.
 *
 * @param keysSet keys the patch set to a non-empty value (whether or not the value was already so)
 * @param keysDeleted keys that existed and were removed (deleting an absent key is not counted)
 */
public record EnvMerge(Map<String, String> env, int keysSet, int keysDeleted) {
  public EnvMerge {
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
    if (keysSet < 0 || keysDeleted < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }
}
