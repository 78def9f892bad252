package org.fablab.gateway.access;

import java.util.Optional;

/**
 * Whether billing lets a member start a session on a machine. Called last, only when every other check passed, on
 * the caller's thread; implementations must not block for long.
 */
@FunctionalInterface
public interface BalanceCheck {
    /** For labs without prepaid accounts: never short. */
    BalanceCheck NONE = (memberId, machineId) -> Optional.empty();

    /** Human text saying what is missing (e.g. {@code balance -12.40 EUR below credit limit}), empty when allowed. */
    Optional<String> shortfall(String memberId, String machineId);
}
