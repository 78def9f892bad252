package org.fablab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnglishWordsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "L'adresse e-mail doit ressembler à nom@exemple.org.",
            "Session de 12 min sur la machine, badge refusé : formation expirée depuis le 3 déc. 2026.",
            "Total dû : 12,50 € TTC — minute entamée facturée.",
            "Alice Martin a utilisé Laser cutter Trotec Speedy 300 (laser-1) avec du PLA filament.",
            "Connecté en tant que treasurer · English · Français"})
    void frenchText_withTheLabsNamesAndUnits_hasNoEnglish(String text) {
        assertThat(EnglishWords.in(text)).isEmpty();
    }

    @Test
    void anEnglishSentence_isFoundWordByWord() {
        assertThat(EnglishWords.in("email must look like name@example.org")).containsExactly("must", "look", "like");
    }

    @Test
    void englishWordsInAFrenchPage_areFoundAsWritten_onceEach() {
        assertThat(EnglishWords.in("Grand livre · Payment recorded · Statement draft · payment"))
                .containsExactly("Payment", "Statement", "draft");
    }

    @Test
    void identifiers_areData_notLanguage() {
        assertThat(EnglishWords.in("node-laser the_one PT15M sign/in")).isEmpty();
    }

    @Test
    void aWordInsideAnother_isNotAWord() {
        assertThat(EnglishWords.in("théorie notation lastique")).isEmpty();
    }
}
