package dev.lockstep.inmemory.archfixture;

/** Deliberately breaks "no ThreadLocal": the ambient unit of work issue 9 removed. Test-only. */
public class InMemoryUsingThreadLocal {
    private static final ThreadLocal<Object> UNIT = new ThreadLocal<>();

    public Object unit() {
        return UNIT.get();
    }
}
