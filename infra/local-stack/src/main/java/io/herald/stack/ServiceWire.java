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
}
