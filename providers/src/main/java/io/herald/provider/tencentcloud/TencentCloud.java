package io.herald.provider.tencentcloud;

import io.herald.contract.provider.ContentProblem;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.provider.tencentcloud.sandbox.TencentCloudVerifier;
import io.herald.schema.ApiCall;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tencent Cloud API 3.0 with TC3-HMAC-SHA256 (https://www.tencentcloud.com/document/api/213/33224): the timestamp
 * may be five minutes off; a call needs an action.
 */
public final class TencentCloud extends PluginFacts {

    public TencentCloud() {
        super("tencentcloud", Kind.API, 1_000_000, Duration.ofMinutes(5), 0);
    }

    @Override
    public List<ContentProblem> problems(ApiCall call) {
        return call.getAction() == null || call.getAction().isBlank()
                ? List.of(ContentProblem.missing("apiCall.action", "Tencent Cloud API calls need an action"))
                : List.of();
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new TencentCloudSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new TencentCloudClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new TencentCloudVerifier(clock, json);
    }
}
