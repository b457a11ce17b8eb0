package io.herald.provider.alibabacloud;

import io.herald.contract.provider.ContentProblem;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.alibabacloud.sandbox.AlibabaCloudVerifier;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.schema.ApiCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alibaba Cloud OpenAPI with signature V3, ACS3-HMAC-SHA256
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature), called RPC-style,
 * e.g. Alidns: {@code x-acs-date} may be 15 minutes off Alibaba's clock; a call needs an action and a version, the
 * path {@code /}, GET or POST, and a JSON object of parameters as its body. Alidns publishes its limits per action
 * and account (https://www.alibabacloud.com/help/en/dns/api-alidns-2015-01-09-quota); the published rate is the one of
 * its record-writing actions, AddDomainRecord/UpdateDomainRecord/DeleteDomainRecord, 60 per second.
 */
public final class AlibabaCloud extends PluginFacts {

    public AlibabaCloud() {
        super(ID, Kind.API, 1_000_000, Duration.ofMinutes(15), 60 * 60);
    }

    static final String ID = "alibabacloud";

    @Override
    public List<ContentProblem> problems(ApiCall call) {
        List<ContentProblem> problems = new ArrayList<>();
        if (call.getAction() == null || call.getAction().isBlank()) {
            problems.add(ContentProblem.missing(
                    "apiCall.action", "Alibaba Cloud OpenAPI calls need an action, e.g. AddDomainRecord"));
        }
        if (call.getVersion() == null || call.getVersion().isBlank()) {
            problems.add(ContentProblem.missing(
                    "apiCall.version", "Alibaba Cloud OpenAPI calls need the API version, e.g. 2015-01-09 for Alidns"));
        }
        String method = call.getMethod() == null ? "POST" : call.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            problems.add(ContentProblem.invalid(
                    "apiCall.method", "Alibaba Cloud OpenAPI calls are sent RPC-style, with GET or POST"));
        }
        if (call.getPath() != null && !call.getPath().equals("/")) {
            problems.add(ContentProblem.invalid(
                    "apiCall.path",
                    "Alibaba Cloud OpenAPI calls are sent RPC-style to /; put the parameters in the body"));
        }
        if (call.getBody() != null
                && RpcParameters.isJson(call.getBody())
                && RpcParameters.of(call.getBody()).isEmpty()) {
            problems.add(ContentProblem.invalid(
                    "apiCall.body",
                    "Alibaba Cloud OpenAPI calls take a JSON object of the action's parameters as body"));
        }
        return problems;
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new AlibabaCloudSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new AlibabaCloudClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new AlibabaCloudVerifier(clock, json);
    }
}
