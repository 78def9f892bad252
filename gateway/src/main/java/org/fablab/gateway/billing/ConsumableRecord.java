package org.fablab.gateway.billing;

import java.time.Instant;
import java.util.Optional;

/**
 * A recorded use of a consumable, as stored; build one with {@link #of}.
 *
 * @param memberId     empty when a node recorded it outside any session the gateway knows
 * @param machineId    the machine of its session, read from the sessions (empty when none)
 * @param source       {@code node}, {@code member}, {@code fabmanager} or {@code correction}
 * @param chargedCents what the ledger holds for it, reversals included (0 when not charged yet or free)
 */
public record ConsumableRecord(String id, Optional<String> memberId, Optional<String> nodeId,
                               Optional<String> sessionId, Optional<String> machineId, String itemId, long quantity,
                               Instant recordedAt, String recordedBy, String source, long chargedCents) {

    /** A use of {@code quantity} of {@code itemId}; say who recorded it with {@link Builder#recorded}. */
    public static Builder of(String id, String itemId, long quantity) {
        return new Builder(id, itemId, quantity);
    }

    /** The record a correction of this one to {@code newQuantity} makes: same member, node, session and item. */
    public ConsumableRecord correctedTo(String newId, long newQuantity, Instant at, String by) {
        return new ConsumableRecord(newId, memberId, nodeId, sessionId, Optional.empty(), itemId, newQuantity, at, by,
                "correction", 0);
    }

    /** Names a record's fields one by one; what is not given is empty or zero. */
    public static final class Builder {
        private final String id;
        private final String itemId;
        private final long quantity;
        private Optional<String> memberId = Optional.empty();
        private Optional<String> nodeId = Optional.empty();
        private Optional<String> sessionId = Optional.empty();
        private Optional<String> machineId = Optional.empty();
        private Instant recordedAt;
        private String recordedBy;
        private String source;
        private long chargedCents;

        private Builder(String id, String itemId, long quantity) {
            this.id = id;
            this.itemId = itemId;
            this.quantity = quantity;
        }

        public Builder member(Optional<String> member) {
            this.memberId = member;
            return this;
        }

        public Builder member(String member) {
            return member(Optional.of(member));
        }

        public Builder node(Optional<String> node) {
            this.nodeId = node;
            return this;
        }

        public Builder node(String node) {
            return node(Optional.of(node));
        }

        public Builder session(Optional<String> session) {
            this.sessionId = session;
            return this;
        }

        public Builder session(String session) {
            return session(Optional.of(session));
        }

        public Builder machine(Optional<String> machine) {
            this.machineId = machine;
            return this;
        }

        /** @param source {@code node}, {@code member}, {@code fabmanager} or {@code correction} */
        public Builder recorded(Instant at, String by, String source) {
            this.recordedAt = at;
            this.recordedBy = by;
            this.source = source;
            return this;
        }

        public Builder charged(long cents) {
            this.chargedCents = cents;
            return this;
        }

        public ConsumableRecord build() {
            if (recordedAt == null) {
                throw new IllegalStateException("say when, by whom and how record " + id + " was recorded");
            }
            return new ConsumableRecord(id, memberId, nodeId, sessionId, machineId, itemId, quantity, recordedAt,
                    recordedBy, source, chargedCents);
        }
    }
}
