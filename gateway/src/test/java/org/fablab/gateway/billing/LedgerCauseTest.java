package org.fablab.gateway.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerCauseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "session:laser-1:s-9          | SESSION    | laser-1:s-9",
            "consumable:7f3c              | CONSUMABLE | 7f3c",
            "plan-fee:m-1:2026-11         | PLAN_FEE   | m-1:2026-11",
            "payment:cheque 4711          | PAYMENT    | cheque 4711",
            "credit:0b6e                  | CREDIT     | 0b6e",
            "coupon:OPEN-DAY:m-1          | COUPON     | OPEN-DAY:m-1",
            "reversal:12                  | REVERSAL   | 12",
            "gift:m-1                     | OTHER      | gift:m-1",
            "session:                     | OTHER      | session:",
            ":x                           | OTHER      | :x",
            "other:x                      | OTHER      | other:x"})
    void of_readsTheKindFromTheKeysPrefix_andKeepsTheRest(String key, LedgerCause.Kind kind, String detail) {
        assertThat(LedgerCause.of(key)).isEqualTo(new LedgerCause(kind, detail));
    }

    @ParameterizedTest
    @CsvSource({"reversal:12, 12", "reversal:x, ", "payment:12, "})
    void reversedSequence_isTheNumberOfAReversalOnly(String key, Long sequence) {
        assertThat(LedgerCause.of(key).reversedSequence().orElse(null)).isEqualTo(sequence);
    }

    @ParameterizedTest
    @CsvSource({"coupon:OPEN-DAY:m-1, OPEN-DAY", "coupon:OPEN-DAY, ", "coupon::m-1, ", "payment:OPEN-DAY:m-1, "})
    void couponCode_isWhatPrecedesTheMember_ofACouponOnly(String key, String code) {
        assertThat(LedgerCause.of(key).couponCode().orElse(null)).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"0, FREE, 0", "450, CHARGED, 450", "-10, CHARGED, -10"})
    void aWrittenSession_isFreeAtZero_elseChargedItsNet(long net, SessionCost.State state, long amount) {
        assertThat(SessionCost.written(net)).isEqualTo(new SessionCost(state, amount));
    }

    @ParameterizedTest
    @CsvSource({"FREE, 5", "PENDING, 5", "CHARGED, 0"})
    void onlyAChargedSession_hasAnAmount(SessionCost.State state, long amount) {
        assertThatThrownBy(() -> new SessionCost(state, amount)).isInstanceOf(IllegalArgumentException.class);
    }
}
