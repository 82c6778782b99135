package dev.lockstep.application.archfixture;

/** Deliberately breaks "no ThreadLocal": a use case handing state to a store behind its back. Test-only. */
public class ApplicationUsingThreadLocal {
    private static final InheritableThreadLocal<Object> UNIT = new InheritableThreadLocal<>();

    public void enter(Object unit) {
        UNIT.set(unit);
    }
}
