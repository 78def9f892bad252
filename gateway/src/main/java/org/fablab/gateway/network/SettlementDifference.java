package org.fablab.gateway.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fablab.protocol.Names;
import org.fablab.protocol.WireNames;

/**
 * Where a partner's settlement statement first departs from ours, as a kind and the values that name it, so that each
 * reader's language can say it (the dashboard's French and English catalogues have one sentence per kind, with the
 * same {@code {name}} placeholders); {@link #text()} says it in English, for logs and API readers.
 *
 * @param values by placeholder name: {@code receipt} and {@code host} for a receipt, {@code partner} where one is
 *               missing or differs, {@code ourHash} and {@code theirHash} for a receipt that differs, {@code ours} and
 *               {@code theirs} (month and labs) for statements of another month or pair of labs
 */
public record SettlementDifference(Kind kind, Map<String, String> values) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    /** What differs, each with its English sentence. */
    public enum Kind implements WireNames.Named {
        OTHER_STATEMENT("the statements are of {ours} and {theirs}"),
        MISSING_THERE("receipt {receipt} (a visit at {host}) is missing at {partner}"),
        MISSING_HERE("receipt {receipt} (a visit at {host}) is missing here"),
        RECEIPT_DIFFERS("receipt {receipt} (a visit at {host}) differs: hash {ourHash} here, {theirHash} at {partner}"),
        TOTALS_DIFFER("the totals differ for the same receipts");

        private final String english;

        Kind(String english) {
            this.english = english;
        }
    }

    public SettlementDifference {
        Names.require("kind", kind);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The difference in English, its values in place. */
    @JsonProperty("text")
    public String text() {
        Matcher placeholder = PLACEHOLDER.matcher(kind.english);
        StringBuilder text = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(text, Matcher.quoteReplacement(
                    values.getOrDefault(placeholder.group(1), placeholder.group())));
        }
        return placeholder.appendTail(text).toString();
    }
}
