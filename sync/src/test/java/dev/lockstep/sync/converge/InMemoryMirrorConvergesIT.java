package dev.lockstep.sync.converge;

import java.util.Map;

/** The convergence test on the in-memory storage (the server's default). */
class InMemoryMirrorConvergesIT extends MirrorConvergesContract {
    @Override
    String storage() {
        return "memory";
    }

    @Override
    Map<String, String> storageEnv() {
        return Map.of("LOCKSTEP_STORAGE", "memory");
    }
}
