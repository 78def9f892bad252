package org.fablab.gateway.pdf;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;
import org.fablab.gateway.billing.Invoice;
import org.fablab.gateway.billing.Issuer;
import org.fablab.gateway.billing.LedgerEntry;
import org.fablab.gateway.billing.LedgerKind;
import org.fablab.gateway.billing.LedgerLabelText;
import org.fablab.gateway.billing.LedgerLabels;
import org.fablab.gateway.billing.Statement;

/**
 * An issued monthly statement as an A4 invoice with what French law asks of one (docs/billing.md, invoices): the
 * issuer's name and address, SIRET and VAT number when set, the sequential number, the issue date and the period of
 * service, the member billed, each line before and with VAT at its rate, VAT per rate, the totals and the payment
 * terms. Ledger amounts include VAT; VAT per rate is computed on each rate's total as the statement does. Words from
 * {@code org/fablab/gateway/pdf/invoice.properties} (English) and {@code invoice_fr.properties}. Pure; safe from any
 * thread.
 */
public final class InvoicePdf {
    private static final float[] LINE_COLUMNS = {1.1f, 3.2f, 1, 1.2f, 1.2f};
    private static final float[] VAT_COLUMNS = {1.5f, 1, 1, 1};

    private final Invoice invoice;
    private final ResourceBundle words;
    private final Locale locale;
    private final NumberFormat money;
    private final NumberFormat percent;
    private final DateTimeFormatter date;
    private final DateTimeFormatter lineDate;
    private final PdfPages pages;
    private final LedgerLabelText labels;

    private InvoicePdf(Invoice invoice, Locale locale, PdfPages pages) {
        this.invoice = invoice;
        this.words = words(locale);
        this.locale = words.getLocale().getLanguage().isEmpty() ? Locale.ENGLISH : words.getLocale();
        Currency currency = Currency.getInstance(invoice.currency());
        this.money = NumberFormat.getCurrencyInstance(this.locale);
        money.setCurrency(currency);
        money.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        money.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        this.percent = NumberFormat.getPercentInstance(this.locale);
        percent.setMaximumFractionDigits(2);
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(this.locale);
        this.lineDate = DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(this.locale);
        this.pages = pages;
        this.labels = LedgerLabelText.in(this.locale);
    }

    /** The invoice in French for a French locale, in English otherwise. */
    public static byte[] render(Invoice invoice, Locale locale) {
        ResourceBundle words = words(locale);
        String title = MessageFormat.format(words.getString("invoice.title"), invoice.statement().number());
        try (PdfPages pages = new PdfPages(title)) {
            new InvoicePdf(invoice, locale, pages).write(title);
            return pages.finish((page, count) -> title + " · "
                    + MessageFormat.format(words.getString("invoice.page"), page, count));
        }
    }

    private static ResourceBundle words(Locale locale) {
        return ResourceBundle.getBundle("org.fablab.gateway.pdf.invoice",
                "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ROOT,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private void write(String title) {
        Issuer issuer = invoice.issuer();
        Statement statement = invoice.statement();
        pages.heading(title, 18);
        issuer.name().lines().forEach(line -> pages.paragraph(line, 10));
        if (!issuer.siret().isEmpty()) {
            pages.paragraph(text("invoice.siret", issuer.siret()), 9);
        }
        if (!issuer.vatNumber().isEmpty()) {
            pages.paragraph(text("invoice.vatNumber", issuer.vatNumber()), 9);
        }
        pages.down(8);
        pages.paragraph(text("invoice.date", date.format(invoice.issuedOn())), 10);
        pages.paragraph(text("invoice.period", date.format(statement.month().atDay(1)),
                date.format(statement.month().atEndOfMonth())), 10);
        pages.paragraph(text("invoice.billedTo", invoice.memberName(), statement.memberId()), 10);

        pages.heading(text("invoice.lines"), 11);
        List<List<String>> lines = new ArrayList<>();
        for (LedgerEntry e : statement.entries()) {
            if (e.kind() != LedgerKind.PAYMENT) {
                String label = labels.write(LedgerLabels.of(e, Optional.ofNullable(invoice.machineNames().get(e.cause()))));
                lines.add(List.of(lineDate.format(e.date()), label, rate(e.vatBasisPoints()),
                        money(e.amountCents() - e.vatCents()), money(e.amountCents())));
            }
        }
        if (lines.isEmpty()) {
            pages.paragraph(text("invoice.noLines"), 9);
        } else {
            pages.table(List.of(text("invoice.column.date"), text("invoice.column.label"), text("invoice.column.rate"),
                    text("invoice.column.net"), text("invoice.column.gross")), LINE_COLUMNS, 2, lines);
        }

        pages.heading(text("invoice.vat"), 11);
        List<List<String>> rates = new ArrayList<>();
        long net = 0;
        long vat = 0;
        long gross = 0;
        for (Statement.VatTotal total : statement.vatTotals()) {
            rates.add(List.of(rate(total.vatBasisPoints()), money(total.grossCents() - total.vatCents()),
                    money(total.vatCents()), money(total.grossCents())));
            net += total.grossCents() - total.vatCents();
            vat += total.vatCents();
            gross += total.grossCents();
        }
        rates.add(List.of(text("invoice.total"), money(net), money(vat), money(gross)));
        pages.table(List.of(text("invoice.column.rate"), text("invoice.column.net"), text("invoice.column.vat"),
                text("invoice.column.gross")), VAT_COLUMNS, rates);

        pages.paragraph(text("invoice.totalGross", money(gross)), 11);
        if (statement.paymentsCents() != 0) {
            pages.paragraph(text("invoice.payments", money(-statement.paymentsCents())), 9);
        }
        pages.down(6);
        pages.paragraph(issuer.paymentTerms().isBlank() ? text("invoice.terms.default") : issuer.paymentTerms(), 9);
        pages.paragraph(text("invoice.ledger", invoice.ledgerSequence(), invoice.ledgerHead()), 7);
    }

    private String text(String key, Object... args) {
        return args.length == 0 ? words.getString(key)
                : new MessageFormat(words.getString(key), locale).format(args);
    }

    private String rate(int basisPoints) {
        return percent.format(BigDecimal.valueOf(basisPoints, 4));
    }

    private String money(long cents) {
        return money.format(BigDecimal.valueOf(cents, 2));
    }
}
