package dev.lockstep.postgres.archfixture;

/** Deliberately breaks "no ThreadLocal": the ambient transaction issue 9 removed. Test-only. */
public class PostgresUsingThreadLocal {
    private static final ThreadLocal<Object> TRANSACTION = ThreadLocal.withInitial(Object::new);

    public Object transaction() {
        return TRANSACTION.get();
    }
}
