package org.fablab.protocol.network;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.fablab.protocol.Names;

/**
 * One lab's settlement statement of a closed month with a partner, sent to the partner so that each side can tell
 * whether the two agree. Both labs build the statement from the receipts they hold, in the same canonical order, so
 * labs that hold the same receipts hold byte-identical statements.
 */
public record SettlementStatement(int v, String from, String to, Instant ts, Statement statement)
        implements NetworkMessage {

    public SettlementStatement {
        NetworkMessage.checkHeader(v, from, to, ts);
        Names.require("statement", statement);
        if (!statement.labs().equals(Statement.pair(from, to))) {
            throw new IllegalArgumentException("statement labs " + statement.labs() + " are not " + from + " and "
                    + to);
        }
    }

    @Override
    public NetworkChannel channel() {
        return NetworkChannel.SETTLEMENTS;
    }

    /**
     * The month's visits between two labs, and what each owes the other.
     *
     * @param labs       the two lab ids, in ascending order
     * @param visits     every receipt of the month, ordered by host then receipt id
     * @param directions per host, home and currency: the visits, their time and amount, ordered the same way
     * @param balances   per currency where the two directions differ: who owes whom the difference
     */
    public record Statement(String month, List<String> labs, List<Visit> visits, List<Direction> directions,
                            List<Balance> balances) {
        /** Most visits in one statement, so that it fits a network message. */
        public static final int MAX_VISITS = 10_000;
        private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

        public Statement {
            if (!MONTH.matcher(Names.requireText("month", month)).matches()) {
                throw new IllegalArgumentException("month must be yyyy-MM, was '" + month + "'");
            }
            labs = List.copyOf(Names.require("labs", labs));
            if (labs.size() != 2 || labs.get(0).compareTo(labs.get(1)) >= 0) {
                throw new IllegalArgumentException("labs must be two lab ids in ascending order, were " + labs);
            }
            visits = List.copyOf(Names.require("visits", visits));
            if (visits.size() > MAX_VISITS) {
                throw new IllegalArgumentException("visits holds " + visits.size() + ", at most " + MAX_VISITS);
            }
            directions = List.copyOf(Names.require("directions", directions));
            balances = List.copyOf(Names.require("balances", balances));
        }

        /** The two labs in the order a statement names them. */
        public static List<String> pair(String one, String other) {
            return one.compareTo(other) < 0 ? List.of(one, other) : List.of(other, one);
        }
    }

    /** One receipt: a visit by a member of {@code home} at {@code host}. */
    public record Visit(String host, String home, String receiptId, String hash, long wallSeconds, long amountCents,
                        String currency) {
        public Visit {
            Names.requireId("host", host);
            Names.requireId("home", home);
            Names.requireText("receiptId", receiptId);
            Names.requireText("hash", hash);
            Names.requireNonNegative("wallSeconds", wallSeconds);
            Names.requireNonNegative("amountCents", amountCents);
            Names.requireText("currency", currency);
        }
    }

    /** What {@code home}'s members' visits at {@code host} add up to in {@code currency}. */
    public record Direction(String host, String home, String currency, long visits, long wallSeconds,
                            long amountCents) {
        public Direction {
            Names.requireId("host", host);
            Names.requireId("home", home);
            Names.requireText("currency", currency);
            Names.requireNonNegative("visits", visits);
            Names.requireNonNegative("wallSeconds", wallSeconds);
            Names.requireNonNegative("amountCents", amountCents);
        }
    }

    /** {@code debtor} owes {@code creditor} {@code amountCents} (> 0) in {@code currency} once both ways are netted. */
    public record Balance(String currency, String debtor, String creditor, long amountCents) {
        public Balance {
            Names.requireText("currency", currency);
            Names.requireId("debtor", debtor);
            Names.requireId("creditor", creditor);
            if (amountCents <= 0) {
                throw new IllegalArgumentException("amountCents must be positive, was " + amountCents);
            }
        }
    }
}
