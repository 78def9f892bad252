package org.fablab.gateway.network;

import java.util.Optional;
import org.fablab.protocol.Names;

/**
 * The account in our ledger that a partner lab's visits are charged to: {@code network:{partner}}, one per partner.
 * It is nobody's member id (ours hold no colon, and no partner may take the lab id {@code network}, so no visitor's
 * {@code {partner}:{id}} starts with it either), so the treasurer's exports show it apart, and the month's
 * settlement with the partner, not a member's statement, balances it.
 */
public final class NetworkAccount {
    private static final String PREFIX = "network:";

    private NetworkAccount() {
    }

    public static String of(String partnerId) {
        return PREFIX + Names.requireId("partnerId", partnerId);
    }

    /** The partner whose account {@code account} is; empty for a member's id. */
    public static Optional<String> partnerOf(String account) {
        return account.startsWith(PREFIX) ? Optional.of(account.substring(PREFIX.length())) : Optional.empty();
    }
}
