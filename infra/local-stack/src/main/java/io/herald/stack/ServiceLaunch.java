package io.herald.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that knows how the stack launches a service, its four and every extra dispatcher instance alike: the
 * arguments (Kafka, registry, catalog, sealing key, database, credentials), the environment (the values those
 * arguments reference: the sealing key, the database password, the tokens the service accepts) and the JVM options.
 * Secrets go in the environment only; the command line names them by reference ({@code env:VARIABLE}).
 */
final class ServiceLaunch {

    /** Where the stack's infrastructure listens, once started. */
    record Wiring(String bootstrapServers, String registryUrl, Path channelsFile, String jdbcUrl, String jdbcUser,
            String jdbcPassword, String signerUrl) {

        @Override
        public String toString() {
            return "Wiring[" + bootstrapServers + ", " + registryUrl + ", " + channelsFile + ", " + jdbcUrl + "]";
        }
    }

    /** What the builder added: variables for every service, and per service arguments, variables and JVM options. */
    record Extras(Map<String, String> env, Map<HeraldService, List<String>> args,
            Map<HeraldService, Map<String, String>> serviceEnv, List<String> jvmMarker,
            Map<HeraldService, List<String>> jvmOptions) {}

    private final Path home;
    private final Path logDir;
    private final Path runDir;
    private final Wiring wiring;
    private final StackTokens tokens;
    private final String sealingKey;
    private final Extras extras;

    ServiceLaunch(Path home, Path logDir, Path runDir, Wiring wiring, StackTokens tokens, String sealingKey,
            Extras extras) {
        this.home = home;
        this.logDir = logDir;
        this.runDir = runDir;
        this.wiring = wiring;
        this.tokens = tokens;
        this.sealingKey = sealingKey;
        this.extras = extras;
    }

    /**
     * A service process named {@code name} on {@code port}: the stack's arguments for that service, then the builder's
     * for it, then {@code overrides} (which replace the same keys before them). Its command line is fixed at its first
     * launch and reused by every restart.
     */
    ServiceProcess process(HeraldService service, String name, int port, List<String> overrides) {
        return new ServiceProcess(service, name, home, logDir, runDir, port,
                ServiceProcess.withOverrides(args(service), overrides), env(service), jvmOptions(service));
    }

    List<String> args(HeraldService service) {
        List<String> args = new ArrayList<>();
        args.add("--spring.kafka.bootstrap-servers=" + wiring.bootstrapServers());
        args.add("--herald.kafka.registry-url=" + wiring.registryUrl());
        args.add("--herald.channels-file=" + wiring.channelsFile());
        if (sealsCredentials(service)) {
            // signed requests on Kafka carry their credentials sealed with a key only these two hold
            args.add("--herald.sealing.keys.local=env:" + LocalStack.SEALING_KEY_VARIABLE);
            args.add("--herald.sealing.active-key=local");
        }
        if (service == HeraldService.DISPATCHER) {
            args.add("--herald.dispatcher.signer-url=" + wiring.signerUrl());
        }
        args.addAll(tokens.args(service));
        if (service.usesDatabase()) {
            args.add("--spring.datasource.url=" + wiring.jdbcUrl());
            args.add("--spring.datasource.username=" + wiring.jdbcUser());
        }
        args.addAll(extras.args().getOrDefault(service, List.of()));
        return args;
    }

    /** Added to the launcher's own environment; a token's variable only where the service accepts (or sends) it. */
    Map<String, String> env(HeraldService service) {
        Map<String, String> env = new LinkedHashMap<>(extras.env());
        env.keySet().removeAll(tokens.variables());
        if (sealsCredentials(service)) {
            env.putIfAbsent(LocalStack.SEALING_KEY_VARIABLE, sealingKey);
        }
        env.putAll(tokens.env(service));
        if (service.usesDatabase()) {
            env.put("SPRING_DATASOURCE_PASSWORD", Objects.requireNonNullElse(wiring.jdbcPassword(), ""));
        }
        env.putAll(extras.serviceEnv().getOrDefault(service, Map.of()));
        return env;
    }

    /** The stack's marker (so {@code ps} and {@code herald down} can tell its processes), then the builder's options. */
    List<String> jvmOptions(HeraldService service) {
        List<String> jvmOptions = new ArrayList<>(extras.jvmMarker());
        jvmOptions.addAll(extras.jvmOptions().getOrDefault(service, List.of()));
        return jvmOptions;
    }

    private static boolean sealsCredentials(HeraldService service) {
        return service == HeraldService.SIGNER || service == HeraldService.DISPATCHER;
    }
}
