package org.fablab.gateway.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import org.fablab.protocol.Names;

/**
 * Closed accounting periods. Periods are calendar months of the entry's date and close in order: closing a month
 * closes every month before it, and a closed month is never reopened (mistakes are corrected by reversing entries
 * dated in an open month).
 *
 * @param closedThrough the last closed month, {@code null} when none is closed
 */
public record Periods(YearMonth closedThrough) {
    /** Nothing closed yet. */
    public static final Periods NONE_CLOSED = new Periods(null);

    /** The periods after also closing {@code month}; closing an already closed month changes nothing. */
    public Periods close(YearMonth month) {
        Names.require("month", month);
        return closedThrough != null && !month.isAfter(closedThrough) ? this : new Periods(month);
    }

    public boolean isClosed(LocalDate date) {
        return closedThrough != null && !YearMonth.from(date).isAfter(closedThrough);
    }

    /** Whether {@code draft} may be appended: refused when its date lies in a closed month. */
    public Admission admit(LedgerDraft draft) {
        if (isClosed(draft.date())) {
            return new Admission.Refused("period " + YearMonth.from(draft.date()) + " is closed (closed through "
                    + closedThrough + ")");
        }
        return new Admission.Admitted();
    }

    /** The answer of {@link #admit}. */
    public sealed interface Admission permits Admission.Admitted, Admission.Refused {
        record Admitted() implements Admission {
        }

        record Refused(String why) implements Admission {
            public Refused {
                Names.requireText("why", why);
            }
        }
    }
}
