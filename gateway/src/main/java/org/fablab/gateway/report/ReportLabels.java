package org.fablab.gateway.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.fablab.gateway.domain.BadArgument;
import org.fablab.gateway.domain.ErrorCode;

/**
 * The words of the impact report (CSV, PDF) in English or French, from the UTF-8 bundles
 * {@code org/fablab/gateway/report/labels_{en,fr}.properties}. Keys: {@code figure.<record path>} for every figure
 * of {@link ImpactFigures} (e.g. {@code figure.people.activeMembers}, {@code figure.machines.perMachine.wallSeconds}),
 * {@code section.*}, {@code column.*}, {@code weekday.MONDAY}..., {@code refusal.<reason wire name>}, {@code unit.*},
 * {@code note.*}, {@code report.*}. Both bundles hold the same keys.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReportLabels {
    private static final Map<String, ReportLabels> BY_LANGUAGE = Map.of("en", load("en"), "fr", load("fr"));

    private final Locale locale;
    private final Properties texts;

    private ReportLabels(Locale locale, Properties texts) {
        this.locale = locale;
        this.texts = texts;
    }

    /** The French labels for a French locale, the English ones for any other. */
    public static ReportLabels of(Locale locale) {
        return BY_LANGUAGE.get("fr".equals(locale.getLanguage()) ? "fr" : "en");
    }

    /**
     * The language a caller of the CSV or PDF asked for.
     *
     * @param lang {@code en} (when empty) or {@code fr}
     * @throws BadArgument when it is another
     */
    public static Locale language(Optional<String> lang) {
        String language = lang.orElse("en");
        if (!BY_LANGUAGE.containsKey(language)) {
            throw new BadArgument("lang", ErrorCode.FIELD_ONE_OF, "en, fr");
        }
        return Locale.forLanguageTag(language);
    }

    public Locale locale() {
        return locale;
    }

    /** @throws IllegalArgumentException when the bundle has no such key */
    public String text(String key) {
        String text = texts.getProperty(key);
        if (text == null) {
            throw new IllegalArgumentException("no report label '" + key + "' in " + locale.getLanguage());
        }
        return text;
    }

    /** The text with {@code {0}}, {@code {1}}... replaced as {@link MessageFormat} does, in this locale. */
    public String text(String key, Object... args) {
        return new MessageFormat(text(key), locale).format(args);
    }

    /**
     * The words for a refusal reason; a node may send a reason this version does not know, which is then shown as
     * sent.
     */
    public String refusal(String reason) {
        String text = texts.getProperty("refusal." + reason);
        return text == null ? reason : text;
    }

    /** Every key, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(texts.stringPropertyNames());
    }

    private static ReportLabels load(String language) {
        String name = "labels_" + language + ".properties";
        Properties texts = new Properties();
        try (InputStream in = ReportLabels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                texts.load(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        return new ReportLabels(Locale.forLanguageTag(language), texts);
    }
}
