package dev.lockstep.bench;

/** Placeholder until the feedback-record port lands (feature/records). */
final class AdapterScenarios {
  private AdapterScenarios() {}

  static ClosedLoop.Result run(String name, Args args) {
    throw new IllegalArgumentException("unknown adapter scenario " + name);
  }
}
