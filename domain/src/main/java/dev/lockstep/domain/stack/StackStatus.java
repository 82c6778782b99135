package dev.lockstep.domain.stack;

/** Where a stack is in its life: usable, or being torn down (no more env changes). */
public enum StackStatus {
  ACTIVE("active"),
  DELETING("deleting");

  private final String wireName;

  StackStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The form in the API and in the database, e.g. {@code deleting}. */
  public String wireName() {
    return wireName;
  }

  public static StackStatus fromWireName(String name) {
    for (StackStatus s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stack status " + name);
  }
}
