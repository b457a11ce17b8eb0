package io.herald.provider.dogecloud;

import io.herald.contract.provider.ContentProblem;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.dogecloud.sandbox.DogeCloudVerifier;
import io.herald.provider.spi.PluginFacts;
import io.herald.provider.spi.outcome.OutcomeClassifier;
import io.herald.provider.spi.sandbox.SandboxVerifier;
import io.herald.provider.spi.signing.ProviderSigner;
import io.herald.schema.ApiCall;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * DogeCloud API (https://docs.dogecloud.com/oss/api-access-token): a signature over the path and body, nothing
 * time-stamped; a call names its API path.
 */
public final class DogeCloud extends PluginFacts {

    public DogeCloud() {
        super("dogecloud", Kind.API, 1_000_000, Duration.ZERO, 0);
    }

    @Override
    public List<ContentProblem> problems(ApiCall call) {
        return "/".equals(call.getPath())
                ? List.of(ContentProblem.missing(
                        "apiCall.path", "DogeCloud API calls need the API path, e.g. /oss/bucket/list.json"))
                : List.of();
    }

    @Override
    public ProviderSigner signer(SecretResolver secrets) {
        return new DogeCloudSigner(secrets);
    }

    @Override
    public OutcomeClassifier classifier() {
        return new DogeCloudClassifier();
    }

    @Override
    public SandboxVerifier sandboxVerifier(Clock clock, JsonMapper json) {
        return new DogeCloudVerifier(json);
    }
}
