package org.fablab.gateway;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads an export back with a real CSV parser, header row first, so tests compare it field by field. */
public final class CsvRows {
    private CsvRows() {
    }

    public static List<CSVRecord> parse(String text, char separator) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180.builder()
                .setDelimiter(separator).setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }
}
