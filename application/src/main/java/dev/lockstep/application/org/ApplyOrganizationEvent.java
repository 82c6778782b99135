package dev.lockstep.application.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.org.EventOrdering;
import dev.lockstep.domain.org.EventOutcome;
import dev.lockstep.domain.org.IdpDirectory;
import dev.lockstep.domain.org.IdpUnavailableException;
import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationEvent;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.OrganizationSync;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The identity provider tells us an organization was created, updated or deleted. Never a blind
 * upsert: inside one unit of work holding that IdP organization's lock, the organization is
 * resolved
 *
 * <ol>
 *   <li>by its IdP id → update;
 *   <li>else by {@code external_id} read as our id → update (re-linked to this IdP id);
 *   <li>else, {@code external_id} given but unknown → create with that id (it must be a UUID, else
 *       {@code validation_failed});
 *   <li>else create with {@code id = UUIDv5(IdGenerator.ORGANIZATION_NAMESPACE, idpId)} and push
 *       that id to the IdP as its {@code external_id}.
 * </ol>
 *
 * An update applies only a newer event ({@link EventOrdering}); a create that loses a primary-key
 * race to another create takes the update path. The push to the IdP happens only after the unit has
 * committed; a failed push stays pending on the organization and is retried after the next event of
 * that organization, whatever its outcome.
 */
@Singleton
public final class ApplyOrganizationEvent {
    private static final System.Logger LOG = System.getLogger(ApplyOrganizationEvent.class.getName());

    /**
     * What one event did, and to which organization.
     *
     * @param unexpectedPushFailure a programming error raised by the push after the commit (not an
     *     unavailable IdP): the event stands and the push stays pending, and the caller reports it as
     *     an error with what identifies the request
     */
    public record Result(EventOutcome outcome, UUID organizationId, Optional<RuntimeException> unexpectedPushFailure) {
        public Result {
            unexpectedPushFailure = unexpectedPushFailure == null ? Optional.empty() : unexpectedPushFailure;
        }

        /** An event whose push, if any, went as expected. */
        public Result(EventOutcome outcome, UUID organizationId) {
            this(outcome, organizationId, Optional.empty());
        }
    }

    private final OrganizationSync sync;
    private final IdGenerator ids;
    private final Clock clock;
    private final IdpDirectory directory;

    public ApplyOrganizationEvent(OrganizationSync sync, IdGenerator ids, Clock clock, IdpDirectory directory) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public Result apply(OrganizationEvent event) {
        Applied applied = sync.serialized(event.idpId(), orgs -> applyLocked(orgs, event));
        // the unit has committed: only now may the IdP learn our id
        Organization org = applied.organization();
        Optional<RuntimeException> bug = Optional.empty();
        if (org.externalIdPushPending() && !org.deleted()) {
            bug = push(org);
        }
        return new Result(applied.outcome(), org.id(), bug);
    }

    private record Applied(EventOutcome outcome, Organization organization) {}

    private Applied applyLocked(OrganizationStore store, OrganizationEvent event) {
        Instant now = Timestamps.now(clock);
        Optional<Organization> existing = store.findByIdpIdForUpdate(event.idpId());
        if (existing.isPresent()) {
            return update(store, existing.get(), event, now);
        }
        NewOrganization created;
        if (event.externalId() != null) {
            UUID ourId = parseOurId(event.externalId());
            existing = store.findByIdForUpdate(ourId);
            if (existing.isPresent()) {
                return update(store, existing.get(), event, now);
            }
            // the IdP already holds this id: nothing to push
            created = NewOrganization.from(event, ourId, false, now);
        } else {
            created = NewOrganization.from(
                    event, ids.organizationId(event.idpId()), event.type() != OrganizationEvent.Type.DELETED, now);
        }
        Optional<Organization> inserted = store.insert(created);
        if (inserted.isPresent()) {
            return new Applied(
                    event.type() == OrganizationEvent.Type.DELETED ? EventOutcome.DELETED : EventOutcome.CREATED,
                    inserted.get());
        }
        // another create of the same id won the race and has committed: this event is an update of it
        Organization winner = store.findByIdForUpdate(created.id())
                .orElseThrow(() ->
                        new IllegalStateException("insert of " + created.id() + " conflicted, yet the row is gone"));
        return update(store, winner, event, now);
    }

    private Applied update(OrganizationStore store, Organization org, OrganizationEvent event, Instant now) {
        return switch (org.order(event)) {
            case DUPLICATE -> new Applied(EventOutcome.SKIPPED_DUPLICATE, org);
            case STALE -> new Applied(EventOutcome.SKIPPED_STALE, org);
            case NEWER -> {
                // a newer created/updated after a deletion makes the organization live again (the IdP
                // restored it, or re-created it carrying our id); a stale one never does
                Organization updated = org.apply(event, now);
                store.update(updated);
                yield new Applied(updated.deleted() ? EventOutcome.DELETED : EventOutcome.UPDATED, updated);
            }
        };
    }

    private static UUID parseOurId(String externalId) {
        try {
            UUID id = UUID.fromString(externalId);
            if (id.toString().equalsIgnoreCase(externalId)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the validation error below
        }
        throw DomainException.validation(
                "data.external_id",
                "is not an organization id of ours (a UUID), and no organization with this IdP id exists");
    }

    /** @return a programming error the push raised (the IdP being unavailable is not one) */
    private Optional<RuntimeException> push(Organization org) {
        try {
            directory.pushExternalId(org.idpId(), org.id());
        } catch (IdpUnavailableException e) {
            // expected when the IdP is down; the push stays pending and is retried with the next event
            LOG.log(
                    System.Logger.Level.WARNING,
                    "push of external_id {0} to IdP organization {1} failed; retried with its next event: {2}",
                    org.id(),
                    org.idpId(),
                    e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // a bug, not an outage: still pending (the organization has committed), surfaced to the caller
            return Optional.of(e);
        }
        sync.markExternalIdPushed(org.id());
        return Optional.empty();
    }
}
