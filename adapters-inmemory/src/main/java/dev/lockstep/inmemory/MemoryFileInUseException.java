package dev.lockstep.inmemory;

import java.nio.file.Path;

/** The H2 file of a durable in-memory storage is open in another process: one at a time. */
public final class MemoryFileInUseException extends IllegalStateException {
    public MemoryFileInUseException(Path file) {
        super(file + " is in use by another process (one process at a time may open it)");
    }
}
