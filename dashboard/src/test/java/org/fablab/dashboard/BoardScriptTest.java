package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code board.js} in GraalJS: a machine from the live stream, which carries no availability, keeps
 * what the board's snapshot said of it, so a blocked machine whose node reports idle never reads as available.
 */
class BoardScriptTest {
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("board.js", "board");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @Test
    void aStreamedMachine_keepsTheAvailabilityAndTrainingsOfItsCard_andTakesEverythingElseFromTheStream() {
        String merged = script.json("board.withCardFacts({ id: 'printer-2', state: 'idle', nodeOnline: true },"
                + " { id: 'printer-2', state: 'idle', nodeOnline: false, availability: 'blocked',"
                + " availabilityReason: 'nozzle jam', requiredTrainings: [{ id: 't-1', name: 'Printer' }] })");

        assertThat(merged).isEqualTo("{\"id\":\"printer-2\",\"state\":\"idle\",\"nodeOnline\":true,"
                + "\"availability\":\"blocked\",\"availabilityReason\":\"nozzle jam\","
                + "\"requiredTrainings\":[{\"id\":\"t-1\",\"name\":\"Printer\"}]}");
    }

    @Test
    void aStreamedMachine_thatCarriesAnAvailability_orIsNew_isTakenAsItCame() {
        assertThat(script.json("board.withCardFacts({ id: 'laser-1', availability: 'available' },"
                + " { id: 'laser-1', availability: 'blocked' })"))
                .isEqualTo("{\"id\":\"laser-1\",\"availability\":\"available\"}");
        assertThat(script.json("board.withCardFacts({ id: 'lathe-1', state: 'idle' }, undefined)"))
                .isEqualTo("{\"id\":\"lathe-1\",\"state\":\"idle\"}");
    }
}
