package org.fablab.gateway.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.fablab.gateway.billing.CsvLayout;
import org.fablab.gateway.billing.Journal;
import org.fablab.gateway.billing.TreasurerCsv;
import org.fablab.gateway.domain.MemberRecord;
import org.fablab.gateway.service.ExportService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The French charges export opened as a treasurer opens it: LibreOffice Calc (Debian's {@code libreoffice-calc-nogui},
 * run headless) imports the CSV with French settings and saves it as OpenDocument, whose cells are read back. A
 * machine without {@code soffice} fails the test rather than skipping it: the point is a real spreadsheet.
 */
class FrenchExportInCalcIT {
    private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static final String CHLOE = "Chloé Lefèvre";

    @TempDir
    Path folder;

    /**
     * Calc's CSV import options: {@code ;} separating fields, {@code "} quoting, the character set, data from line 1,
     * standard cell formats, French (1036) numbers and dates, quoted fields not forced to text, special numbers
     * (dates) detected.
     *
     * @param calcCharset {@code 76} for UTF-8, {@code 1} for Windows-1252. Excel picks UTF-8 from the byte order
     *                    mark, else reads the Windows code page; Calc run headless reads the character set it is
     *                    told, so the test names it and checks the mark's bytes itself
     * @param firstBytes  how the file starts: the byte order mark, else the {@code D} of {@code Date}
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"utf-8-bom, 76, EFBBBF44", "windows-1252, 1, 44"})
    void frenchCharges_openInCalc_withAccentedNamesNumbersAndFrenchHeaders(String encoding, String calcCharset,
                                                                          String firstBytes) throws Exception {
        Path csv = exportFrenchCharges(encoding);
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(HexFormat.of().withUpperCase().formatHex(bytes, 0, firstBytes.length() / 2)).isEqualTo(firstBytes);

        List<List<Cell>> sheet = openInCalc(csv, "CSV:59,34," + calcCharset + ",1,,1036,false,true");

        assertThat(sheet.get(0)).extracting(Cell::text)
                .containsExactlyElementsOf(TreasurerCsv.Table.CHARGES.headers(CsvLayout.Language.FRENCH));
        assertThat(sheet.get(0).get(1).text()).isEqualTo("Adhérent");
        assertThat(sheet).hasSize(6);
        List<Cell> planFee = sheet.get(3);
        assertThat(planFee.get(0)).extracting(Cell::type, Cell::value).containsExactly("date", "2026-11-05");
        assertThat(planFee.get(1).text()).isEqualTo(CHLOE);
        assertThat(planFee.get(5).text()).isEqualTo("Plan Maker 2026-11");
        assertThat(planFee.subList(8, 13)).extracting(Cell::type, Cell::value).containsExactly(tuple("float", "25"),
                tuple("float", "20"), tuple("float", "20.83"), tuple("float", "4.17"), tuple("float", "25"));
        List<Cell> reversal = sheet.get(5);
        assertThat(reversal.get(1).text()).isEqualTo(CHLOE);
        assertThat(reversal.subList(10, 13)).extracting(Cell::value).containsExactly("-20.83", "-4.17", "-25");
        assertThat(sheet.get(2).get(1).text()).startsWith("Zoë \"la\" Dupont; née");
        assertThat(sheet.get(2).get(11)).extracting(Cell::type, Cell::value).containsExactly("float", "0.1");
        Cell hostile = sheet.get(1).get(1);
        assertThat(hostile.type()).as("a defused formula stays text").isEqualTo("string");
        assertThat(hostile.text()).contains("=HYPERLINK");
    }

    /** The fixture's month in the French layout and {@code encoding}, one member renamed with accents. */
    private Path exportFrenchCharges(String encoding) throws IOException {
        Path csv = folder.resolve("charges.csv");
        try (Database database = Database.open("jdbc:sqlite:" + folder.resolve("gateway.db"), "", "", 2)) {
            BillingFixture.seed(database.dataSource());
            new JdbcLabDirectory(database.dataSource(), Clock.systemUTC())
                    .upsert(new MemberRecord("m-ada", CHLOE, true));
            ExportService exports = new ExportService(new JdbcExports(database.dataSource(), BillingFixture.ZONE),
                    Journal.Accounts.DEFAULT, Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC));
            try (OutputStream out = Files.newOutputStream(csv)) {
                exports.write("treasurer", ExportService.Request.parse("charges", BillingFixture.FROM.toString(),
                        BillingFixture.TO.toString(), new ExportService.LayoutChoice(Optional.of("french"),
                                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(encoding))), out);
            }
        }
        return csv;
    }

    /** Has Calc import {@code csv} with {@code filter} and save it as .ods; returns its first sheet's rows. */
    private List<List<Cell>> openInCalc(Path csv, String filter) throws Exception {
        Path out = folder.resolve("ods");
        Process soffice;
        try {
            // a profile of its own: a shared one would make a second Calc hand its work to the first and exit
            soffice = new ProcessBuilder("soffice", "--headless", "--norestore",
                    "-env:UserInstallation=" + folder.resolve("profile").toUri(), "--infilter=" + filter,
                    "--convert-to", "ods", "--outdir", out.toString(), csv.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("soffice.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("soffice is needed (Debian package libreoffice-calc-nogui): " + e.getMessage(), e);
        }
        assertThat(soffice.waitFor(300, TimeUnit.SECONDS)).as("soffice finished").isTrue();
        Path ods = out.resolve("charges.ods");
        assertThat(ods).as(Files.readString(folder.resolve("soffice.log"))).exists();
        try (ZipFile zip = new ZipFile(ods.toFile()); InputStream content = zip.getInputStream(
                zip.getEntry("content.xml"))) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(content);
            Element firstSheet = (Element) document.getElementsByTagNameNS(TABLE, "table").item(0);
            List<List<Cell>> rows = new ArrayList<>();
            NodeList rowNodes = firstSheet.getElementsByTagNameNS(TABLE, "table-row");
            for (int i = 0; i < rowNodes.getLength(); i++) {
                rows.add(cells((Element) rowNodes.item(i)));
            }
            return rows;
        }
    }

    /** A row's cells, a cell repeated as often as Calc's {@code number-columns-repeated} says. */
    private static List<Cell> cells(Element row) {
        List<Cell> cells = new ArrayList<>();
        for (Node child = row.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element cell) || !TABLE.equals(cell.getNamespaceURI())) {
                continue;
            }
            String type = cell.getAttributeNS(OFFICE, "value-type");
            String value = type.equals("date") ? cell.getAttributeNS(OFFICE, "date-value")
                    : cell.getAttributeNS(OFFICE, "value");
            List<String> paragraphs = new ArrayList<>();
            NodeList texts = cell.getElementsByTagNameNS(TEXT, "p");
            for (int i = 0; i < texts.getLength(); i++) {
                paragraphs.add(texts.item(i).getTextContent());
            }
            String repeated = cell.getAttributeNS(TABLE, "number-columns-repeated");
            int times = repeated.isEmpty() ? 1 : Integer.parseInt(repeated);
            for (int i = 0; i < times; i++) {
                cells.add(new Cell(type, value, String.join("\n", paragraphs)));
            }
        }
        return cells;
    }

    /**
     * One cell as Calc saved it.
     *
     * @param type  {@code string}, {@code float}, {@code date}, or empty for an empty cell
     * @param value the number or ISO date; empty for text
     * @param text  what the cell shows
     */
    private record Cell(String type, String value, String text) {
    }
}
