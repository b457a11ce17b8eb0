package io.herald.dispatcher.classify;

import io.herald.contract.Provider;
import io.herald.dispatcher.provider.dingtalk.DingTalkClassifier;
import io.herald.dispatcher.provider.dogecloud.DogeCloudClassifier;
import io.herald.dispatcher.provider.feishu.FeishuClassifier;
import io.herald.dispatcher.provider.slack.SlackClassifier;
import io.herald.dispatcher.provider.tencentcloud.TencentCloudClassifier;
import io.herald.dispatcher.provider.webhook.StandardWebhooksClassifier;
import io.herald.dispatcher.provider.wecom.WeComClassifier;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one registration point of provider classifiers: adding a provider means writing its classifier in
 * {@code io.herald.dispatcher.provider.<id>} and adding it to {@link #builtIn()}.
 */
public final class ProviderClassifiers {

    private final Map<Provider, OutcomeClassifier> byProvider = new EnumMap<>(Provider.class);

    public ProviderClassifiers(Collection<? extends OutcomeClassifier> classifiers) {
        for (OutcomeClassifier classifier : classifiers) {
            if (byProvider.put(classifier.provider(), classifier) != null) {
                throw new IllegalArgumentException("two classifiers for provider " + classifier.provider().id());
            }
        }
    }

    /** Every provider this dispatcher can classify answers of. */
    public static ProviderClassifiers builtIn() {
        return new ProviderClassifiers(List.of(
                new DingTalkClassifier(),
                new FeishuClassifier(),
                new WeComClassifier(),
                new SlackClassifier(),
                new StandardWebhooksClassifier(),
                new TencentCloudClassifier(),
                new DogeCloudClassifier()));
    }

    public Optional<OutcomeClassifier> find(Provider provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }

    public OutcomeClassifier get(Provider provider) {
        return find(provider).orElseThrow(() -> new IllegalArgumentException(
                "no outcome classifier for provider '" + provider.id() + "'; supported: " + supportedIds()));
    }

    public Set<Provider> supported() {
        return Set.copyOf(byProvider.keySet());
    }

    public String supportedIds() {
        return String.join(", ", byProvider.keySet().stream().map(Provider::id).toList());
    }
}
