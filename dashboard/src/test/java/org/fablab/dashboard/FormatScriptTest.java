package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packaged {@code format.js} in GraalJS: the one two-digit padding the dates and times of every page use. */
class FormatScriptTest {
    private static DashboardScript script;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("format.js", "format");
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @ParameterizedTest
    @CsvSource({"0, 00", "7, 07", "12, 12", "123, 123"})
    void pad_writesAtLeastTwoDigits(int n, String padded) {
        assertThat(script.eval("format.pad(" + n + ")").asString()).isEqualTo(padded);
    }
}
