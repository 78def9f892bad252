package org.fablab.gateway.billing;

import org.fablab.protocol.Names;

/**
 * A group of members with a discount on machine time and consumables (not on plan fees).
 *
 * @param discountBasisPoints e.g. 2500 for 25 %; each line's discount is rounded half-up to the cent
 */
public record MemberGroup(String name, int discountBasisPoints) {
    public MemberGroup {
        Names.requireText("name", name);
        Money.requireBasisPoints("discountBasisPoints", discountBasisPoints);
    }
}
