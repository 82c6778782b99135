package dev.lockstep.inmemory;

/**
 * A table's writes bound to one unit of work: every change they make is registered with that unit.
 * One of these is made per unit (a cheap object), so a store that writes can only be reached through
 * a unit's ports.
 */
abstract class UnitBound {
    final InMemoryUnitOfWork unit;

    UnitBound(InMemoryUnitOfWork unit) {
        this.unit = unit;
    }
}
