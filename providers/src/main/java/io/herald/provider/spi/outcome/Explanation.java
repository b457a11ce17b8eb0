package io.herald.provider.spi.outcome;

import io.herald.contract.redaction.Redaction;
import io.herald.schema.FailureExplanation;

/**
 * Why a try did not deliver, for people: what happened, the most likely cause and the provider's documentation of the
 * code. Every text is redacted and cut to a bounded length, so an explanation can be stored and shown as it is.
 *
 * @param text what happened, in plain language
 * @param likelyCause the most likely cause and what to check, or {@code null}
 * @param docs the provider's documentation of this code, or {@code null}
 */
public record Explanation(String text, String likelyCause, String docs) {

    /** The longest {@link #text}; a longer one is cut with an ellipsis. */
    public static final int MAX_TEXT = 300;
    /** The longest {@link #likelyCause}. */
    public static final int MAX_CAUSE = 600;

    public Explanation {
        text = bounded(text == null || text.isBlank() ? "the try did not deliver" : text, MAX_TEXT);
        likelyCause = likelyCause == null ? null : bounded(likelyCause, MAX_CAUSE);
        docs = docs == null || !docs.startsWith("https://") ? null : bounded(docs, 300);
    }

    /** This explanation with another likely cause (e.g. one the context made more precise). */
    public Explanation because(String cause) {
        return new Explanation(text, cause, docs);
    }

    /** As the {@code DeliveryAttempt.explanation} record. */
    public FailureExplanation toRecord() {
        return FailureExplanation.newBuilder()
                .setText(text)
                .setLikelyCause(likelyCause)
                .setDocs(docs)
                .build();
    }

    private static String bounded(String value, int max) {
        String text = Redaction.text(value.strip());
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
