package io.herald.provider.tencentcloud.sandbox;

/**
 * Tencent Cloud API 3.0 error codes the sandbox answers with (HTTP 200, body
 * {@code {"Response":{"Error":{"Code":..,"Message":..},"RequestId":..}}}), with the messages observed from the live
 * API. Common error codes: https://cloud.tencent.com/document/api/213/30435 (公共错误码).
 */
enum TencentCloudError {

    // Seen in live answers quoted in client code comments (a Go TC3 client, a curl transcript found by code search):
    // {"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"The signature is expired, please request
    // again."},...}}
    SIGNATURE_EXPIRE(
            "AuthFailure.SignatureExpire", "The signature is expired, please request again.", "signature expired"),

    // tencentyun/qcloud-cos-sts-sdk#47 (2020-10), verbatim JSON; also #66, #72 and zjp-CN/bilingual#37.
    SIGNATURE_FAILURE(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
            "sign not match"),

    // starsunyzl/ddns-scripts-dnspod#3 (2023-03), verbatim DescribeRecordList answer;
    // TencentCloud/tencentcloud-sdk-nodejs#138, #279.
    SECRET_ID_NOT_FOUND(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
            "secret id not found"),

    // Code from the common error table ("请求头部的 Authorization 不符合腾讯云标准"); English message inferred.
    INVALID_AUTHORIZATION(
            "AuthFailure.InvalidAuthorization",
            "The Authorization header is invalid, please check it.",
            "authorization invalid"),

    // Quoted in client code comments together with SignatureExpire above.
    INVALID_ACTION("InvalidAction", "The request `Action` is invalid or not found.", "invalid action"),

    // Message template quoted in a client test (Rust, 2026): "Your current request times equals to `6` in a second,
    // which exceeds the frequency limit `5`".
    REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded", null, "rate limited"),

    // TencentCloud/tencentcloud-sdk-go#90 (2020-08): Code=InternalError, Message=内部服务错误，请稍后重试.
    INTERNAL_ERROR("InternalError", "内部服务错误，请稍后重试", "internal error"),

    // Codes from the common error table; messages inferred.
    MISSING_PARAMETER("MissingParameter", null, "missing parameter"),
    INVALID_PARAMETER("InvalidParameter", null, "invalid parameter"),

    // DNSPod DescribeRecordList error table: ResourceNotFound.NoDataOfRecord "记录列表为空。"
    NO_DATA_OF_RECORD("ResourceNotFound.NoDataOfRecord", "记录列表为空。", "no records");

    final String code;
    final String message;
    final String verdict;

    TencentCloudError(String code, String message, String verdict) {
        this.code = code;
        this.message = message;
        this.verdict = verdict;
    }
}
