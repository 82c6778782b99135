package dev.lockstep.domain.archfixture;

/** Deliberately breaks "no ThreadLocal": an ambient value a port would read. Test-only. */
public class DomainUsingThreadLocal {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    public String current() {
        return CURRENT.get();
    }
}
