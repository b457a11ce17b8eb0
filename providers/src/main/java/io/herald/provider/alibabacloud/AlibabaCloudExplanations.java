package io.herald.provider.alibabacloud;

import io.herald.provider.spi.outcome.CodeTable;
import io.herald.provider.spi.outcome.ExplainContext;
import io.herald.provider.spi.outcome.Explanation;
import java.util.Optional;

/** Alibaba Cloud OpenAPI common codes (and Alidns'); an expired date is measured against Alibaba's clock. */
final class AlibabaCloudExplanations {

    static final String CODES_DOCS = "https://help.aliyun.com/en/document_detail/434846.html";
    static final String DNS_DOCS = "https://help.aliyun.com/en/dns/error-code";
    static final String SIGNING_DOCS =
            "https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature";

    static final CodeTable TABLE = CodeTable.of("Alibaba Cloud", CODES_DOCS)
            .code(
                    "SignatureDoesNotMatch",
                    "the signature does not match Alibaba's calculation",
                    "the channel's access-key-secret does not belong to its access-key-id (or a proxy rewrote the"
                            + " request after Herald)",
                    SIGNING_DOCS)
            .code(
                    "InvalidAccessKeyId.NotFound",
                    "the AccessKey ID does not exist",
                    "the channel's access-key-id is wrong or deleted")
            .code("InvalidAccessKeyId.Inactive", "the AccessKey is disabled", "enable it or use another key")
            .code(
                    "InvalidTimeStamp.Expired",
                    "the request's date is more than 15 minutes from Alibaba's time",
                    "the signer's clock, or a request that waited before it was sent")
            .code(
                    "SignatureNonceUsed",
                    "the signature nonce was used already",
                    "a replayed request; Herald re-signs with a fresh nonce")
            .code("Throttling", "request throttled", "Alibaba's flow control; Herald retries later")
            .code("Throttling.User", "request throttled for this user", "Herald retries later")
            .code("Throttling.Api", "request throttled for this API", "Herald retries later")
            .code("Forbidden.RAM", "the RAM user is not allowed this action", "grant the key's RAM user a policy")
            .code("Forbidden", "not authorised for this operation", "grant the key's RAM user a policy", DNS_DOCS)
            .code(
                    "DomainRecordDuplicate",
                    "the DNS record exists already",
                    "nothing to do, or change the record",
                    DNS_DOCS)
            .code("InvalidDomainName.NoExist", "the domain is not in this account", "check the domain", DNS_DOCS)
            .code("ServiceUnavailable", "Alibaba Cloud is unavailable", "a transient fault; Herald retries")
            .code("InternalError", "an internal error at Alibaba Cloud", "a transient fault; Herald retries");

    private AlibabaCloudExplanations() {}

    static Optional<Explanation> explain(ExplainContext context) {
        String code = context.result().providerCode();
        Optional<Explanation> row = TABLE.explain(code, context.result().providerMessage());
        if ("InvalidTimeStamp.Expired".equals(code)) {
            return row.map(e -> e.because(context.signatureAgeAtProvider()
                            .map(age -> "the request's date was "
                                    + ExplainContext.seconds(age.abs().toMillis())
                                    + " s from the provider's clock (its Date header); Alibaba accepts 900 s. ")
                            .orElse("Alibaba accepts 900 s. ")
                    + context.describeClock()));
        }
        return row;
    }
}
