package org.fablab.gateway.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A4 portrait pages filled from top to bottom: headings, wrapped paragraphs, tables that break across pages with their
 * header repeated, and room reserved for drawings. Text is set in Helvetica (one of the PDF standard fonts, nothing
 * embedded) with WinAnsi encoding, which covers French and the euro sign; a character outside it is written without
 * its accent, or as {@code ?} when it has no Latin base letter. Units are PDF points (1/72 inch). Not thread-safe:
 * one instance builds one document.
 */
public final class PdfPages implements AutoCloseable {
    public static final float MARGIN = 48;
    private static final float FOOTER = 28;
    private static final PDRectangle SIZE = PDRectangle.A4;

    private final PDDocument document = new PDDocument();
    private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Integer, String> replacements = new HashMap<>();
    private PDPageContentStream stream;
    private float y;

    public PdfPages(String title) {
        document.getDocumentInformation().setTitle(safe(title));
        newPage();
    }

    /** Width between the side margins. */
    public float width() {
        return SIZE.getWidth() - 2 * MARGIN;
    }

    public float left() {
        return MARGIN;
    }

    /** The current baseline position, from the page's bottom edge. */
    public float y() {
        return y;
    }

    public void down(float height) {
        y -= height;
    }

    /** Starts a new page unless {@code height} points still fit above the footer. */
    public void ensure(float height) {
        if (y - height < MARGIN + FOOTER) {
            newPage();
        }
    }

    /** The current page's drawing surface, for charts; draw only between {@link #y()} and what was ensured. */
    public PDPageContentStream canvas() {
        return stream;
    }

    public PDFont font(boolean strong) {
        return strong ? bold : regular;
    }

    /** A bold line, kept on the same page as at least 40 points of what follows. */
    public void heading(String text, float size) {
        heading(text, size, 40);
    }

    /** A bold line, kept on the same page as the {@code keep} points that follow. */
    public void heading(String text, float size, float keep) {
        ensure(size * 2.2f + keep);
        down(size * 1.4f);
        text(text, left(), y, size, true);
        down(size * 0.8f);
    }

    /** Text wrapped at word boundaries to the page width. */
    public void paragraph(String text, float size) {
        float leading = size * 1.35f;
        for (String line : wrap(text, size, width())) {
            ensure(leading);
            down(leading);
            text(line, left(), y, size, false);
        }
        down(size * 0.5f);
    }

    /** Writes one line at a baseline position, without wrapping. */
    public void text(String text, float x, float baseline, float size, boolean strong) {
        try {
            stream.beginText();
            stream.setFont(font(strong), size);
            stream.newLineAtOffset(x, baseline);
            stream.showText(safe(text));
            stream.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one line ending at {@code right}. */
    public void textRight(String text, float right, float baseline, float size, boolean strong) {
        text(text, right - textWidth(text, size, strong), baseline, size, strong);
    }

    public float textWidth(String text, float size, boolean strong) {
        try {
            return font(strong).getStringWidth(safe(text)) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text shortened with an ellipsis so that it fits {@code width}. */
    public String fit(String text, float width, float size, boolean strong) {
        String fitted = safe(text);
        if (textWidth(fitted, size, strong) <= width) {
            return fitted;
        }
        while (!fitted.isEmpty() && textWidth(fitted + "…", size, strong) > width) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted + "…";
    }

    /** A table whose first column is text and the others figures; see {@link #table(List, float[], int, List)}. */
    public void table(List<String> header, float[] widths, List<List<String>> rows) {
        table(header, widths, 1, rows);
    }

    /**
     * A table at full width: the first {@code textColumns} left-aligned, the others right-aligned. Rows never split;
     * when a row does not fit, the table goes on at the top of a new page under its header again.
     *
     * @param widths relative widths of the columns, one per header cell
     */
    public void table(List<String> header, float[] widths, int textColumns, List<List<String>> rows) {
        float size = 9;
        float rowHeight = 15;
        float[] edges = new float[widths.length + 1];
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        edges[0] = left();
        for (int i = 0; i < widths.length; i++) {
            edges[i + 1] = edges[i] + width() * widths[i] / total;
        }
        ensure(rowHeight * 2);
        row(header, edges, textColumns, size, rowHeight, true, false);
        for (int r = 0; r < rows.size(); r++) {
            if (y - rowHeight < MARGIN + FOOTER) {
                newPage();
                row(header, edges, textColumns, size, rowHeight, true, false);
            }
            row(rows.get(r), edges, textColumns, size, rowHeight, false, r % 2 == 1);
        }
        down(8);
    }

    private void row(List<String> cells, float[] edges, int textColumns, float size, float height, boolean header,
                     boolean shaded) {
        try {
            if (header || shaded) {
                stream.setNonStrokingColor(header ? 0.86f : 0.95f, header ? 0.90f : 0.95f, header ? 0.95f : 0.95f);
                stream.addRect(edges[0], y - height, edges[edges.length - 1] - edges[0], height);
                stream.fill();
                stream.setNonStrokingColor(0f, 0f, 0f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float baseline = y - height + 4.5f;
        float pad = 4;
        for (int i = 0; i < cells.size() && i + 1 < edges.length; i++) {
            String cell = fit(cells.get(i), edges[i + 1] - edges[i] - 2 * pad, size, header);
            if (i < textColumns) {
                text(cell, edges[i] + pad, baseline, size, header);
            } else {
                textRight(cell, edges[i + 1] - pad, baseline, size, header);
            }
        }
        down(height);
    }

    /** Lines of at most {@code width} points, broken at spaces (a word longer than a line is cut with an ellipsis). */
    public List<String> wrap(String text, float size, float width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : safe(text).split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (textWidth(candidate, size, false) <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        lines.add(line.toString());
        return lines.stream().map(l -> fit(l, width, size, false)).toList();
    }

    /**
     * Closes the last page, writes a footer on every page and returns the document.
     *
     * @param footer the footer of page n of m, from n and m
     */
    public byte[] finish(BiFunction<Integer, Integer, String> footer) {
        try {
            stream.close();
            int pages = document.getNumberOfPages();
            for (int i = 0; i < pages; i++) {
                PDPage page = document.getPage(i);
                try (PDPageContentStream out = new PDPageContentStream(document, page,
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    stream = out;
                    textRight(footer.apply(i + 1, pages), SIZE.getWidth() - MARGIN, MARGIN - 4, 8, false);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void newPage() {
        try {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(SIZE);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = SIZE.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with every character the standard font cannot encode replaced (see the class comment). */
    private String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(replacements.computeIfAbsent(c, this::encodable)));
        return out.toString();
    }

    private String encodable(int codePoint) {
        if (Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint)) {
            return " ";
        }
        String text = Character.toString(codePoint);
        if (encodes(text)) {
            return text;
        }
        String base = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return !base.isEmpty() && encodes(base) ? base : "?";
    }

    private boolean encodes(String text) {
        try {
            regular.encode(text);
            bold.encode(text);
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }
}
