package org.fablab.gateway.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fablab.gateway.port.VisitStore.IssuedReceipt;
import org.fablab.gateway.port.VisitStore.RecordedReceipt;
import org.fablab.protocol.network.SettlementStatement.Balance;
import org.fablab.protocol.network.SettlementStatement.Direction;
import org.fablab.protocol.network.SettlementStatement.Statement;
import org.junit.jupiter.api.Test;

class SettlementsTest {
    private static final YearMonth NOVEMBER = YearMonth.parse("2026-11");
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    /** A receipt as the host issued it. */
    private static IssuedReceipt issued(String partner, String id, long seconds, long cents) {
        return new IssuedReceipt(partner, id, "2026-11", cents, "EUR", seconds, "{}", hash(id), AT, 0,
                Optional.empty());
    }

    /** The same receipt as its home lab recorded it. */
    private static RecordedReceipt recorded(String partner, String id, long seconds, long cents) {
        return new RecordedReceipt(partner, id, "m-1", "2026-11", cents, "EUR", seconds, "laser-cutter", AT, AT, "{}",
                hash(id), VisitCharge.Treatment.CHARGED, AT);
    }

    private static String hash(String id) {
        return Receipts.hash(id);
    }

    @Test
    void bothLabs_buildTheSameStatementByteForByte_fromTheReceiptsEachHolds_inWhateverOrderTheyCome() {
        List<IssuedReceipt> aHosted = new ArrayList<>(List.of(issued("lab-b", "s-2", 3_600, 800),
                issued("lab-b", "s-1", 1_800, 400)));
        List<RecordedReceipt> aAbroad = List.of(recorded("lab-b", "v-9", 7_200, 2_000));
        List<IssuedReceipt> bHosted = List.of(issued("lab-a", "v-9", 7_200, 2_000));
        List<RecordedReceipt> bAbroad = new ArrayList<>(List.of(recorded("lab-a", "s-1", 1_800, 400),
                recorded("lab-a", "s-2", 3_600, 800)));
        Collections.reverse(bAbroad);

        Statement atA = Settlements.of("lab-a", "lab-b", NOVEMBER, aHosted, aAbroad);
        Statement atB = Settlements.of("lab-b", "lab-a", NOVEMBER, bHosted, bAbroad);

        assertThat(Settlements.canonical(atA)).isEqualTo(Settlements.canonical(atB));
        assertThat(Settlements.firstDifference(atA, atB, "lab-b")).isEmpty();
        assertThat(atA.visits()).extracting(v -> v.host() + "/" + v.receiptId())
                .containsExactly("lab-a/s-1", "lab-a/s-2", "lab-b/v-9");
        assertThat(atA.directions()).containsExactly(
                new Direction("lab-a", "lab-b", "EUR", 2, 5_400, 1_200),
                new Direction("lab-b", "lab-a", "EUR", 1, 7_200, 2_000));
        assertThat(atA.balances()).as("A's member cost 20.00 at B, B's members 12.00 at A: A owes B the 8.00")
                .containsExactly(new Balance("EUR", "lab-a", "lab-b", 800));
    }

    @Test
    void visitsThatCancelOut_leaveNoBalance_andAMonthWithoutVisitsIsAnEmptyStatement() {
        Statement even = Settlements.of("lab-a", "lab-b", NOVEMBER, List.of(issued("lab-b", "s-1", 60, 500)),
                List.of(recorded("lab-b", "v-1", 60, 500)));
        Statement empty = Settlements.of("lab-b", "lab-a", NOVEMBER, List.of(), List.of());

        assertThat(even.balances()).isEmpty();
        assertThat(empty.visits()).isEmpty();
        assertThat(empty.labs()).containsExactly("lab-a", "lab-b");
    }

    @Test
    void theFirstDifference_namesTheReceiptMissingOnOneSide_orTheOneWhoseContentDiffers() {
        Statement ours = Settlements.of("lab-a", "lab-b", NOVEMBER, List.of(issued("lab-b", "s-1", 60, 100),
                issued("lab-b", "s-2", 60, 100)), List.of());
        Statement missingThere = Settlements.of("lab-b", "lab-a", NOVEMBER, List.of(),
                List.of(recorded("lab-a", "s-2", 60, 100)));
        Statement extraThere = Settlements.of("lab-b", "lab-a", NOVEMBER, List.of(issued("lab-a", "v-1", 60, 100)),
                List.of(recorded("lab-a", "s-1", 60, 100), recorded("lab-a", "s-2", 60, 100)));
        Statement otherAmount = Settlements.of("lab-b", "lab-a", NOVEMBER, List.of(),
                List.of(recorded("lab-a", "s-1", 60, 100), recorded("lab-a", "s-2", 60, 999)));

        assertThat(Settlements.firstDifference(ours, missingThere, "lab-b")).get().satisfies(difference -> {
            assertThat(difference.kind()).isEqualTo(SettlementDifference.Kind.MISSING_THERE);
            assertThat(difference.values()).containsExactlyInAnyOrderEntriesOf(Map.of("receipt", "s-1", "host",
                    "lab-a", "partner", "lab-b"));
            assertThat(difference.text()).isEqualTo("receipt s-1 (a visit at lab-a) is missing at lab-b");
        });
        assertThat(Settlements.firstDifference(ours, extraThere, "lab-b")).map(SettlementDifference::text)
                .contains("receipt v-1 (a visit at lab-b) is missing here");
        assertThat(Settlements.firstDifference(ours, otherAmount, "lab-b")).get().satisfies(difference -> {
            assertThat(difference.kind()).isEqualTo(SettlementDifference.Kind.RECEIPT_DIFFERS);
            assertThat(difference.text()).startsWith("receipt s-2 (a visit at lab-a) differs: hash "
                    + difference.values().get("ourHash") + " here, " + difference.values().get("theirHash")
                    + " at lab-b");
        });
        assertThat(Settlements.firstDifference(ours, Settlements.of("lab-b", "lab-a", NOVEMBER.plusMonths(1),
                List.of(), List.of()), "lab-b")).map(SettlementDifference::text)
                .contains("the statements are of 2026-11 [lab-a, lab-b] and 2026-12 [lab-a, lab-b]");
    }
}
