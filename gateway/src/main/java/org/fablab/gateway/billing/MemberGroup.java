package org.fablab.gateway.billing;

/**
 * A group of members with a discount on machine time and consumables (not on plan fees).
 *
 * @param discountBasisPoints e.g. 2500 for 25 %; each line's discount is rounded half-up to the cent
 */
public record MemberGroup(String name, int discountBasisPoints) {
    public MemberGroup {
        Money.requireText("name", name);
        Money.requireBasisPoints("discountBasisPoints", discountBasisPoints);
    }
}
