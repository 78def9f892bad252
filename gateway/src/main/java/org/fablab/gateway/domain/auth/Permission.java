package org.fablab.gateway.domain.auth;

/** One kind of thing an account may do; granted per role by {@link Permissions}. */
public enum Permission {
    /**
     * Use the lab: the prices, plans and catalogue, one's own sessions, consumables, ledger and statements. Every role
     * but the board's; an account without it reaches only the operations a board account may call (HttpApi).
     */
    USE_LAB,
    /** List members and read any member's record, badges and certifications. */
    READ_MEMBERS,
    /** Create, edit and deactivate members; enroll badges and mark them lost or revoked. */
    MANAGE_MEMBERS,
    READ_TRAININGS,
    /** Create and edit trainings and name their trainers. */
    MANAGE_TRAININGS,
    /** Grant a certification; a trainer only for the trainings they are trainer for. */
    GRANT_CERTIFICATIONS,
    /** Grant any training regardless of trainer rights, and revoke certifications. */
    MANAGE_CERTIFICATIONS,
    /** Block, unblock, put out of service, clear to-check. */
    MANAGE_MACHINES,
    /** Put a node in enroll or train mode; a trainer only in train mode for their trainings. */
    SET_NODE_MODE,
    /** Send a node a command: force-off, lock, unlock, identify, resync, set-state. */
    SEND_NODE_COMMANDS,
    READ_ALL_SESSIONS,
    READ_AUDIT,
    READ_SECURITY_EVENTS,
    MANAGE_ACCOUNTS,
    /** Read every member's ledger entries, balances and statements. */
    READ_BILLING,
    /** Set prices, plans, groups, free windows, the catalogue and coupons; record payments, credits and reversals;
     *  close periods and issue statements. */
    MANAGE_BILLING,
    /** Record consumables for any member and correct recorded consumables. */
    RECORD_CONSUMABLES,
    /** Download the treasurer's CSV exports (charges, consumables, journal, member totals). */
    EXPORT_BILLING,
    /** Read every machine and node of the registry, retired ones included, with node key fingerprints and history. */
    READ_REGISTRY,
    /** Create, edit and retire machines and nodes; create node enrollments. The installer's right: admins only. */
    MANAGE_REGISTRY,
    /** Read the impact report: aggregates only, small counts suppressed (docs/impact.md). */
    READ_REPORTS,
    /** Add, change and remove partner labs of a network, with their gateway keys (docs/network.md). Admins only. */
    MANAGE_PARTNERS,
    /** Tag any session or consumable record as repair or reuse; a member tags their own without it. */
    TAG_USAGE
}
