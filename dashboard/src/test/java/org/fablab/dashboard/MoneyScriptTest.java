package org.fablab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged {@code money.js} run as an ES module in GraalJS: typed decimals become exact cents and basis points
 * (read from the digits, never through a float), and cents are written back in each language with the lab's
 * currency. The browser's Intl may differ from GraalJS's in spacing only, so formatted text is compared with
 * every kind of space made a plain one.
 */
class MoneyScriptTest {
    private static DashboardScript script;
    private static Value money;

    @BeforeAll
    static void load() {
        script = DashboardScript.load("money.js", "money");
        money = script.module();
    }

    @AfterAll
    static void close() {
        script.close();
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0", "7, 700", "0.1, 10", "'0,1', 10", "2.50, 250", "'2,50', 250", "'2,5', 250", "0.29, 29", "1.10, 110",
        "'  12,34 ', 1234", "007, 700", "90071992547409.91, 9007199254740991",
    })
    void parseCents_readsTheDigitsExactly(String typed, long cents) {
        assertThat(money.invokeMember("parseCents", typed).asLong()).isEqualTo(cents);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1.005", "0,001", "1,000.00", "1 000", "1.", ",5", ".5", "1e3", "0x10", "+1",
        "--1", "1,2,3", "abc", "12 €", "Infinity", "NaN", "90071992547409.92"})
    void parseCents_refusesAnythingElse(String typed) {
        assertThat(money.invokeMember("parseCents", typed).isNull()).as(typed).isTrue();
    }

    @Test
    void parseCents_refusesNegatives_unlessAllowed() {
        Value allowed = script.eval("({negative: true})");

        assertThat(money.invokeMember("parseCents", "-2,50").isNull()).isTrue();
        assertThat(money.invokeMember("parseCents", "-2,50", allowed).asLong()).isEqualTo(-250);
        assertThat(money.invokeMember("parseCents", "-0", allowed).asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"20, 2000", "'5,5', 550", "5.50, 550", "0, 0", "100, 10000", "'0,01', 1"})
    void parseBasisPoints_takesPercentages(String typed, long basisPoints) {
        assertThat(money.invokeMember("parseBasisPoints", typed).asLong()).isEqualTo(basisPoints);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.01", "150", "-5", "5.555", "", "20 %"})
    void parseBasisPoints_refusesOutOfRangeOrTooPrecise(String typed) {
        assertThat(money.invokeMember("parseBasisPoints", typed).isNull()).as(typed).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"15, 15", "0, 0", "' 60 ', 60"})
    void parseWhole_takesWholeNumbers(String typed, long value) {
        assertThat(money.invokeMember("parseWhole", typed).asLong()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.5", "-1", "1e2", "ten"})
    void parseWhole_refusesTheRest(String typed) {
        assertThat(money.invokeMember("parseWhole", typed).isNull()).as(typed).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "1250, EUR, fr, '12,50 €'", "1250, EUR, en, €12.50", "5, EUR, en, €0.05", "-600, EUR, fr, '-6,00 €'",
        "-600, EUR, en, -€6.00", "123456789, EUR, fr, '1 234 567,89 €'", "123456789, EUR, en, '€1,234,567.89'",
        "0, CHF, en, CHF 0.00",
    })
    void formatMoney_writesCentsInTheLanguageWithTheCurrency(long cents, String currency, String lang, String text) {
        assertThat(plainSpaces(money.invokeMember("formatMoney", cents, currency, lang).asString())).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"2000, fr, 20 %", "2000, en, 20%", "550, fr, '5,5 %'", "550, en, 5.5%", "0, en, 0%", "1, en, 0.01%"})
    void formatBasisPoints_writesAPercentage(long basisPoints, String lang, String text) {
        assertThat(plainSpaces(money.invokeMember("formatBasisPoints", basisPoints, lang).asString())).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"250, fr, '2,50'", "250, en, 2.50", "5, en, 0.05", "-5, fr, '-0,05'", "0, en, 0.00", "123456, en, 1234.56"})
    void hundredthsText_prefillsAFormAndReadsBackExactly(long value, String lang, String text) {
        Value allowed = script.eval("({negative: true})");

        String written = money.invokeMember("hundredthsText", value, lang).asString();

        assertThat(written).isEqualTo(text);
        assertThat(money.invokeMember("parseHundredths", written, allowed).asLong()).isEqualTo(value);
    }

    private static String plainSpaces(String text) {
        return text.replaceAll("[\\s\\u00a0\\u202f]", " ");
    }
}
