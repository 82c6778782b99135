package dev.lockstep.http;

import io.micronaut.context.exceptions.ConfigurationException;

/** Turns a start-up failure into the one-line reason an operator needs. */
final class StartupFailure {
  private StartupFailure() {}

  static String reason(Throwable failure) {
    // prefer our own configuration messages, which name the property and the rule
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException) {
        return t.getMessage();
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException && t.getMessage() != null) {
        return oneLine(t.getMessage());
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  private static String oneLine(String s) {
    String line = s.strip().lines().findFirst().orElse(s);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
