package io.herald.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes every service process, the stack's four and each extra dispatcher instance alike, from what
 * {@link HeraldService} declares: its wires' arguments and variables, the tokens it accepts, then what the builder
 * added. Secrets go in the environment only; the command line names them by reference ({@code env:VARIABLE}).
 */
final class ServiceLaunch {

    /** Where the stack's infrastructure listens, once started, and this run's sealing and channel-secrets keys. */
    record Wiring(
            String bootstrapServers,
            String registryUrl,
            Path channelsFile,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String signerUrl,
            String sealingKey,
            String channelSecretsKey) {

        @Override
        public String toString() {
            return "Wiring[" + bootstrapServers + ", " + registryUrl + ", " + channelsFile + ", " + jdbcUrl + "]";
        }
    }

    /** What the builder added: variables for every service, and per service arguments, variables and JVM options. */
    record Extras(
            Map<String, String> env,
            Map<HeraldService, List<String>> args,
            Map<HeraldService, Map<String, String>> serviceEnv,
            List<String> jvmMarker,
            Map<HeraldService, List<String>> jvmOptions) {}

    private final Path home;
    private final Path logDir;
    private final Path runDir;
    private final Wiring wiring;
    private final StackTokens tokens;
    private final Extras extras;
    private final AotTraining training;

    ServiceLaunch(Path home, Path logDir, Path runDir, Wiring wiring, StackTokens tokens, Extras extras) {
        this(home, logDir, runDir, wiring, tokens, extras, AotTraining.OFF);
    }

    ServiceLaunch(
            Path home,
            Path logDir,
            Path runDir,
            Wiring wiring,
            StackTokens tokens,
            Extras extras,
            AotTraining training) {
        this.home = home;
        this.logDir = logDir;
        this.runDir = runDir;
        this.wiring = wiring;
        this.tokens = tokens;
        this.extras = extras;
        this.training = training;
    }

    /**
     * A service process named {@code name} on {@code port}, its actuator on {@code managementPort}: the stack's arguments for that service, then the builder's
     * for it, then {@code overrides} (which replace the same keys before them). Its command line is fixed at its first
     * launch and reused by every restart.
     */
    ServiceProcess process(HeraldService service, String name, int port, int managementPort, List<String> overrides) {
        List<String> jvmOptions = jvmOptions(service);
        AotCache.Use aot = training.use(AotCache.of(home, service), jvmOptions);
        List<String> withCache = new ArrayList<>(aot.jvmOptions());
        withCache.addAll(jvmOptions);
        return new ServiceProcess(
                service,
                name,
                home,
                logDir,
                runDir,
                port,
                managementPort,
                ServiceProcess.withOverrides(args(service), overrides),
                env(service),
                withCache,
                aot);
    }

    List<String> args(HeraldService service) {
        List<String> args = new ArrayList<>();
        service.wires().forEach(wire -> args.addAll(wire.args(wiring, tokens)));
        args.addAll(tokens.args(service));
        args.addAll(extras.args().getOrDefault(service, List.of()));
        return args;
    }

    /** Added to the launcher's own environment; a token's variable only where the service accepts (or sends) it. */
    Map<String, String> env(HeraldService service) {
        Map<String, String> env = new LinkedHashMap<>(extras.env());
        env.keySet().removeAll(tokens.variables());
        for (ServiceWire wire : ServiceWire.values()) {
            if (!service.wires().contains(wire)) {
                wire.variables().forEach(env::remove); // a key goes only where its wire goes
            }
        }
        service.wires().forEach(wire -> wire.env(wiring, tokens, env));
        env.putAll(tokens.env(service));
        env.putAll(extras.serviceEnv().getOrDefault(service, Map.of()));
        return env;
    }

    /**
     * The service's own ({@link HeraldService#JVM_OPTIONS}), the stack's marker (so {@code ps} and {@code herald down}
     * can tell its processes), then the builder's options, which win over earlier ones.
     */
    List<String> jvmOptions(HeraldService service) {
        List<String> jvmOptions = new ArrayList<>(service.jvmOptions());
        jvmOptions.addAll(extras.jvmMarker());
        jvmOptions.addAll(extras.jvmOptions().getOrDefault(service, List.of()));
        return jvmOptions;
    }
}
