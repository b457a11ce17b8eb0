package io.herald.provider.spi.outcome;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One provider's codes, each with its meaning, its most likely cause and the provider's documentation: built once in
 * the provider's package ({@code CodeTable.of(docs).code("310000", meaning, cause)...}), read by its explainer.
 */
public final class CodeTable {

    /** One row: what the code means, what most likely caused it, where the provider documents it. */
    public record Row(String code, String meaning, String likelyCause, String docs) {
        public Explanation explanation(String providerName) {
            return new Explanation(providerName + " " + code + ": " + meaning, likelyCause, docs);
        }
    }

    private final String providerName;
    private final String defaultDocs;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    private CodeTable(String providerName, String defaultDocs) {
        this.providerName = providerName;
        this.defaultDocs = defaultDocs;
    }

    /** A table whose rows link to {@code defaultDocs} unless they name their own page. */
    public static CodeTable of(String providerName, String defaultDocs) {
        return new CodeTable(providerName, defaultDocs);
    }

    public CodeTable code(String code, String meaning, String likelyCause) {
        return code(code, meaning, likelyCause, defaultDocs);
    }

    public CodeTable code(String code, String meaning, String likelyCause, String docs) {
        rows.put(code, new Row(code, meaning, likelyCause, docs));
        return this;
    }

    public Optional<Row> row(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(rows.get(code));
    }

    /** The row's explanation, or for a code not in the table one that says so and links the provider's list. */
    public Optional<Explanation> explain(String code, String providerMessage) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(row(code)
                .map(r -> r.explanation(providerName))
                .orElseGet(() -> new Explanation(
                        providerName + " " + code
                                + (providerMessage == null || providerMessage.isBlank() ? "" : ": " + providerMessage),
                        "a code Herald has no entry for: see the provider's list of codes",
                        defaultDocs)));
    }

    public Map<String, Row> rows() {
        return Map.copyOf(rows);
    }

    public String providerName() {
        return providerName;
    }
}
