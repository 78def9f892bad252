package org.fablab.gateway.domain.auth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The role table: which {@link Permission}s each {@link Role} holds. Everyone logged in may read the
 * board and their own member record, badges, certifications and sessions; rules about "their own" and
 * about a trainer's trainings are applied where the data is known.
 */
public final class Permissions {
    private static final Map<Role, Set<Permission>> TABLE = new EnumMap<>(Role.class);

    static {
        TABLE.put(Role.MAKER, EnumSet.of(Permission.USE_LAB));
        TABLE.put(Role.TRAINER, EnumSet.of(Permission.USE_LAB, Permission.READ_MEMBERS, Permission.READ_TRAININGS,
                Permission.GRANT_CERTIFICATIONS, Permission.SET_NODE_MODE));
        TABLE.put(Role.TREASURER, EnumSet.of(Permission.USE_LAB, Permission.READ_MEMBERS, Permission.READ_TRAININGS,
                Permission.READ_ALL_SESSIONS, Permission.READ_AUDIT, Permission.READ_BILLING,
                Permission.MANAGE_BILLING, Permission.RECORD_CONSUMABLES, Permission.EXPORT_BILLING,
                Permission.READ_REPORTS));
        TABLE.put(Role.FABMANAGER, EnumSet.complementOf(EnumSet.of(Permission.MANAGE_ACCOUNTS,
                Permission.READ_BILLING, Permission.MANAGE_BILLING, Permission.EXPORT_BILLING,
                Permission.MANAGE_REGISTRY, Permission.MANAGE_PARTNERS)));
        TABLE.put(Role.ADMIN, EnumSet.allOf(Permission.class));
        TABLE.put(Role.BOARD, EnumSet.of(Permission.READ_REPORTS));
    }

    private Permissions() {
    }

    public static boolean allows(Role role, Permission permission) {
        return TABLE.get(role).contains(permission);
    }

    /** Everything {@code role} may do, in the order of {@link Permission}: what {@code GET /me} tells the dashboard. */
    public static Set<Permission> granted(Role role) {
        return Collections.unmodifiableSet(EnumSet.copyOf(TABLE.get(role)));
    }

    /** A member's own billing data is theirs to read; others' only with {@link Permission#READ_BILLING}. */
    public static boolean mayReadBilling(Principal principal, String memberId) {
        return principal.isMember(memberId) || allows(principal.role(), Permission.READ_BILLING);
    }

    /** A member's own data is theirs to read; others' only with {@link Permission#READ_MEMBERS}. */
    public static boolean mayReadMember(Principal principal, String memberId) {
        return principal.isMember(memberId) || allows(principal.role(), Permission.READ_MEMBERS);
    }
}
