package io.herald.provider.alibabacloud.sandbox;

/**
 * The Alibaba Cloud OpenAPI errors the sandbox answers with, with Alibaba's statuses and messages: the gateway's client
 * and server error tables (https://help.aliyun.com/document_detail/434846.html, mirrors developer.aliyun.com/ask/278265
 * and /278262) and the V3 page's FAQ, checked against Alidns answers quoted in DDNS tools' issues. Alidns's own
 * error page says 403 for SignatureDoesNotMatch and 400 for an unknown AccessKey; the sandbox follows the observed
 * 400 and 404.
 */
enum AlibabaCloudError {
    INCOMPLETE_SIGNATURE(
            400,
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards.",
            "incomplete signature"),
    SIGNATURE_DOES_NOT_MATCH(
            400, "SignatureDoesNotMatch", "Specified signature does not match our calculation.", "sign not match"),
    ACCESS_KEY_NOT_FOUND(
            404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.", "access key not found"),
    TIMESTAMP_FORMAT(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
            "date malformed"),
    TIMESTAMP_EXPIRED(
            400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", "date expired"),
    NONCE_USED(400, "SignatureNonceUsed", "Specified signature nonce was used already.", "nonce reused"),
    THROTTLING_USER(400, "Throttling.User", "Request was denied due to user flow control.", "rate limited"),
    API_NOT_FOUND(
            404,
            "InvalidApi.NotFound",
            "Specified api is not found, please check your url and method.",
            "unknown action"),
    DOMAIN_RECORD_DUPLICATE(400, "DomainRecordDuplicate", "The DNS record already exists.", "duplicate record"),
    // code as Alidns clients handle it; the message is the sandbox's wording
    DOMAIN_RECORD_NOT_BELONG(
            400, "DomainRecordNotBelongToUser", "The DNS record does not belong to you.", "unknown record"),
    SERVICE_UNAVAILABLE(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
            "service unavailable"),
    INTERNAL_ERROR(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
            "internal error");

    final int status;
    final String code;
    final String message;
    final String verdict;

    AlibabaCloudError(int status, String code, String message, String verdict) {
        this.status = status;
        this.code = code;
        this.message = message;
        this.verdict = verdict;
    }
}
