package io.herald.contract.provider;

/**
 * A provider rule a notification's content breaks, e.g. {@code message.title}: "DingTalk markdown messages need a title".
 *
 * @param field the request field, e.g. {@code apiCall.action}
 * @param missing true when the field is absent or blank, false when it is present but wrong
 */
public record ContentProblem(String field, boolean missing, String message) {

    public static ContentProblem missing(String field, String message) {
        return new ContentProblem(field, true, message);
    }

    public static ContentProblem invalid(String field, String message) {
        return new ContentProblem(field, false, message);
    }
}
