package org.fablab.gateway.billing;

import java.math.BigInteger;

/** Integer arithmetic on cents, basis points and milliseconds, with the rounding rules of docs/billing.md. */
final class Money {
    static final int FULL_BASIS_POINTS = 10_000;

    private Money() {
    }

    /** {@code amount × basisPoints / 10000} rounded half-up to the cent, for {@code amount ≥ 0}. */
    static long shareHalfUp(long amount, int basisPoints) {
        return floorScale(amount, basisPoints, FULL_BASIS_POINTS, FULL_BASIS_POINTS / 2);
    }

    /**
     * The VAT contained in a VAT-inclusive amount, {@code amount × rate / (10000 + rate)} rounded half away from
     * zero, so that the VAT of a reversal is exactly the opposite of the VAT of the original.
     */
    static long vatIncluded(long amount, int basisPoints) {
        long divisor = FULL_BASIS_POINTS + (long) basisPoints;
        long magnitude = floorScale(Math.abs(amount), basisPoints, divisor, divisor / 2);
        return amount < 0 ? -magnitude : magnitude;
    }

    /** The number of started blocks of {@code blockMillis} in {@code millis ≥ 0}: 0 for 0, 1 for 1 ms up to a block. */
    static long startedBlocks(long millis, long blockMillis) {
        return millis == 0 ? 0 : (millis - 1) / blockMillis + 1;
    }

    /** {@code floor(a × b / c)} for non-negative operands without overflow of the product. */
    static long floorScale(long a, long b, long c) {
        return floorScale(a, b, c, 0);
    }

    private static long floorScale(long a, long b, long c, long bias) {
        return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).add(BigInteger.valueOf(bias))
                .divide(BigInteger.valueOf(c)).longValueExact();
    }

    /** Cents as a decimal with two places and the given mark, e.g. {@code -1234 → -12,34}. */
    static String decimal(long cents, char mark) {
        long magnitude = Math.abs(cents);
        String digits = (cents < 0 ? "-" : "") + magnitude / 100 + mark;
        long fraction = magnitude % 100;
        return digits + (fraction < 10 ? "0" : "") + fraction;
    }

    static int requireBasisPoints(String field, int basisPoints) {
        if (basisPoints < 0 || basisPoints > FULL_BASIS_POINTS) {
            throw new IllegalArgumentException(field + " must be within 0..10000 basis points, was " + basisPoints);
        }
        return basisPoints;
    }

}
