package org.fablab.gateway.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class InvoiceWordsTest {
    @Test
    void englishAndFrenchInvoiceWords_haveTheSameKeys() throws IOException {
        Properties english = words("invoice.properties");
        Properties french = words("invoice_fr.properties");

        assertThat(french.getProperty("invoice.column.net")).isEqualTo("Montant HT");
        assertThat(french.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
    }

    private static Properties words(String name) throws IOException {
        Properties words = new Properties();
        try (Reader in = new InputStreamReader(InvoicePdf.class.getResourceAsStream(name), StandardCharsets.UTF_8)) {
            words.load(in);
        }
        return words;
    }
}
