package dev.lockstep.http;

import io.micronaut.context.exceptions.ConfigurationException;

/** A setting that must stop start-up; the message is the whole one-line reason. */
public final class InvalidSettingException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
