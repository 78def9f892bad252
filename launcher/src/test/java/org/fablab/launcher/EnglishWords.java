package org.fablab.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds English in text meant to be French: whole words of a list of common English words that are not also French
 * words ("machine", "session", "badge", "minute", "date", "total" are both, so they are not listed), less an
 * allow-list of the names the test lab shows (people, machines, materials, trainings), units and brand words.
 * Tokens that read as identifiers ({@code laser-1}, {@code m-alice}, {@code a@b.org}, {@code PT15M}) are skipped:
 * they are data, not language.
 */
final class EnglishWords {
    /** Common English words, lower case, none of them a French word. */
    static final Set<String> ENGLISH = Set.of(
            "the", "and", "of", "to", "with", "without", "must", "is", "are", "was", "were", "be", "been", "being",
            "not", "yet", "no", "yes", "or", "for", "from", "by", "this", "that", "these", "those", "it", "its",
            "you", "your", "we", "our", "they", "their", "he", "she", "his", "her", "has", "have", "had", "will",
            "would", "can", "cannot", "could", "should", "may", "might", "at", "in", "into", "onto", "if", "when",
            "where", "which", "who", "whom", "what", "why", "how", "there", "here", "please", "than", "then", "only",
            "already", "just", "ago", "now", "still", "also", "any", "some", "each", "every", "none", "all", "more",
            "less", "most", "least", "other", "same", "new", "old", "look", "like", "does", "doesn", "don", "isn",
            "aren", "wasn", "won", "shown", "show", "hide", "see", "open", "closed", "close", "save", "saved",
            "cancel", "delete", "deleted", "edit", "add", "added", "remove", "removed", "changed", "create",
            "created", "update", "updated", "search", "next", "previous", "back", "loading", "error", "found",
            "unknown", "invalid", "required", "missing", "expired", "expires", "owed", "paid", "unpaid", "credit",
            "refund", "reversed", "reversal", "ledger", "statement", "statements", "payment", "payments", "fee",
            "fees", "draft", "member", "members", "sales", "collected", "amount", "price", "prices", "name",
            "password", "username", "account", "accounts", "training", "trainings", "trainer", "trainers", "sign",
            "signed", "login", "logout", "out", "week", "weeks", "month", "months", "year", "years", "today",
            "yesterday", "day", "days", "hour", "hours", "seconds", "first", "last", "per", "user", "users", "role",
            "node", "nodes", "free", "busy", "idle", "offline", "online", "since", "until", "before", "after",
            "about", "over", "under", "between", "board", "period", "periods", "cash", "cheque", "transfer", "card",
            "sheet", "sheets", "gram", "grams", "invoice", "receipt", "reason", "denied", "granted", "refused",
            "allowed", "forbidden", "blocked", "too", "many", "much", "short", "empty", "full", "true", "false",
            "null", "undefined", "failed", "success", "submit", "send", "issued", "valid", "forever", "never",
            "always", "kind", "group", "groups", "window", "windows", "settings", "language", "english", "french",
            "welcome", "address", "phone", "method", "ends", "starts", "started", "ended", "running", "stopped",
            "connecting", "connected", "disconnected", "recent");

    /** Names and words of the test lab (people, machines, materials, trainings), units and brands. */
    static final Set<String> ALLOWED = Set.of(
            // the demo lab's machines, materials, trainings and plan, as its data names them
            "laser", "cutter", "trotec", "speedy", "prusa", "pla", "petg", "plywood", "acrylic", "safety", "cutting",
            "printing", "maker",
            // the demo lab's usernames, shown as the account signed in and as the actor of audit entries
            "admin", "fabmanager", "treasurer", "trainer",
            // the other language, named in itself on its button
            "english",
            // units and brand words
            "kwh", "mm", "csv", "pdf", "json", "fablab", "mqtt", "mifare", "em4100", "uid", "ttc");

    /** A run of letters (with marks and inner apostrophes), or a token holding an identifier's punctuation. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:[-_./@:#+][\\p{L}\\p{M}\\p{N}]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile(".*(?:[-_./@:#+]|\\p{N}).*");

    private EnglishWords() {
    }

    /** The English words of {@code text}, each once (whatever its case), as first written, in order of appearance. */
    static List<String> in(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher tokens = TOKEN.matcher(text);
        while (tokens.find()) {
            String token = tokens.group();
            if (IDENTIFIER.matcher(token).matches()) {
                continue;
            }
            String word = token.toLowerCase(Locale.ROOT);
            if (ENGLISH.contains(word) && !ALLOWED.contains(word)) {
                found.putIfAbsent(word, token);
            }
        }
        return List.copyOf(found.values());
    }
}
