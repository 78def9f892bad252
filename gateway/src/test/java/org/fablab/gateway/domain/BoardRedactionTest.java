package org.fablab.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.fablab.protocol.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoardRedactionTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final MachineView BUSY = new MachineView("laser-1", "Laser", "laser-cutter", "laser-1",
            MachineState.ACTIVE, true, NOW, new MachineView.ActiveSession("s-0001", "Chloé  Dubois-Martin", NOW),
            Duration.ofMinutes(15));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "first-name | Chloé",
            "initials   | C. D."})
    void publicView_keepsOnlyTheAllowedPartOfTheName(String option, String shown) {
        MachineView view = new BoardRedaction(PublicName.fromWire(option)).publicView(BUSY);

        assertThat(view.session().memberName()).isEqualTo(shown);
        assertThat(view.session().id()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"first-name", "initials", "none"})
    void publicView_keepsWhenTheSessionStarted_whateverTheNameShown(String option) {
        MachineView view = new BoardRedaction(PublicName.fromWire(option)).publicView(BUSY);

        assertThat(view.session().startedAt()).isEqualTo(NOW);
    }

    @Test
    void publicView_keepsTheMachineStateNodeAndAclAge() {
        MachineView view = new BoardRedaction(PublicName.FIRST_NAME).publicView(BUSY);

        assertThat(view.withSession(BUSY.session())).isEqualTo(BUSY);
    }

    @Test
    void publicView_withNoNames_showsTheSessionWithoutWho() {
        MachineView view = new BoardRedaction(PublicName.NONE).publicView(BUSY);

        assertThat(view.session()).isEqualTo(new MachineView.ActiveSession(null, null, NOW));
        assertThat(view.state()).isEqualTo(MachineState.ACTIVE);
    }

    @Test
    void publicView_ofABadgeUnknownToTheGateway_hasNoName() {
        MachineView unknown = BUSY.withSession(new MachineView.ActiveSession("s-2", null, NOW));

        assertThat(new BoardRedaction(PublicName.INITIALS).publicView(unknown).session().memberName()).isNull();
    }

    @Test
    void publicView_ofAnIdleMachine_isTheSameCard() {
        MachineView idle = BUSY.withSession(null);

        assertThat(new BoardRedaction(PublicName.FIRST_NAME).publicView(idle)).isEqualTo(idle);
    }
}
