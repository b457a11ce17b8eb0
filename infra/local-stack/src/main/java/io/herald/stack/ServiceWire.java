package io.herald.stack;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A part of the stack a service is wired to, and the arguments and variables that wiring takes; {@link HeraldService}
 * lists each service's. Secrets go in the environment only: the arguments name them by reference ({@code env:NAME}).
 */
enum ServiceWire {
    /** The broker, the registry and the channel catalog. */
    KAFKA {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--spring.kafka.bootstrap-servers=" + wiring.bootstrapServers(),
                    "--herald.kafka.registry-url=" + wiring.registryUrl(),
                    "--herald.channels-file=" + wiring.channelsFile());
        }
    },
    /** Signed requests on Kafka carry their credentials sealed with a key only the signer and the dispatcher hold. */
    SEALING_KEY {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--herald.sealing.keys.local=env:" + LocalStack.SEALING_KEY_VARIABLE,
                    "--herald.sealing.active-key=local");
        }

        @Override
        void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {
            env.putIfAbsent(LocalStack.SEALING_KEY_VARIABLE, wiring.sealingKey()); // one set by the caller wins
        }

        @Override
        List<String> variables() {
            return List.of(LocalStack.SEALING_KEY_VARIABLE);
        }
    },
    /**
     * Secrets submitted through the channel API are sealed with a key only the signer holds (the audit stores the
     * sealed form): a separate key from {@link #SEALING_KEY}, random per stack unless the caller sets it.
     */
    CHANNEL_SECRETS_KEY {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--herald.signer.channel-secrets.keys.local=env:" + LocalStack.CHANNEL_SECRETS_KEY_VARIABLE,
                    "--herald.signer.channel-secrets.active-key=local");
        }

        @Override
        void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {
            env.putIfAbsent(LocalStack.CHANNEL_SECRETS_KEY_VARIABLE, wiring.channelSecretsKey());
        }

        @Override
        List<String> variables() {
            return List.of(LocalStack.CHANNEL_SECRETS_KEY_VARIABLE);
        }
    },
    /** The signer's re-sign API, called with the service token. */
    SIGNER {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--herald.dispatcher.signer-url=" + wiring.signerUrl(),
                    "--herald.dispatcher.signer-token=env:" + StackTokens.variable(StackTokens.DISPATCHER));
        }

        @Override
        void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {
            env.put(StackTokens.variable(StackTokens.DISPATCHER), tokens.value(StackTokens.DISPATCHER));
        }
    },
    /** The audit seals secrets submitted through its channel API by the signer's channel-secrets API (service token). */
    SIGNER_FOR_AUDIT {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--herald.audit.signer-url=" + wiring.signerUrl(),
                    "--herald.audit.signer-token=env:" + StackTokens.variable(StackTokens.DISPATCHER));
        }

        @Override
        void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {
            env.put(StackTokens.variable(StackTokens.DISPATCHER), tokens.value(StackTokens.DISPATCHER));
        }
    },
    /** Operator notices go to the catalog's {@value LocalStack#OPERATORS_CHANNEL} channel (absent: logged only). */
    OPERATORS {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of("--herald.audit.operators.channel=" + LocalStack.OPERATORS_CHANNEL);
        }
    },
    /** PostgreSQL; the password only in the environment. */
    DATABASE {
        @Override
        List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens) {
            return List.of(
                    "--spring.datasource.url=" + wiring.jdbcUrl(), "--spring.datasource.username=" + wiring.jdbcUser());
        }

        @Override
        void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {
            env.put("SPRING_DATASOURCE_PASSWORD", Objects.requireNonNullElse(wiring.jdbcPassword(), ""));
        }
    };

    abstract List<String> args(ServiceLaunch.Wiring wiring, StackTokens tokens);

    /** Adds the variables its arguments reference; none by default. */
    void env(ServiceLaunch.Wiring wiring, StackTokens tokens, Map<String, String> env) {}

    /** Key variables only a service with this wire may hold, even when the caller set them for the whole stack. */
    List<String> variables() {
        return List.of();
    }
}
