package io.herald.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.herald.contract.kafka.Topics;
import io.herald.contract.provider.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Renders the local overlay with {@code kubectl kustomize} (the files one by one where kubectl is missing) and checks
 * every object parses into its typed Kubernetes model, with the rules a platform team relies on.
 */
class ManifestsTest {

    private static final Path K8S = Path.of("").toAbsolutePath();
    private static final List<HasMetadata> OBJECTS = render();

    @Test
    void everyObjectParsesIntoItsTypedModel() {
        assertThat(OBJECTS).isNotEmpty();
        assertThat(OBJECTS)
                .filteredOn(o -> o instanceof GenericKubernetesResource)
                .allSatisfy(o -> assertThat(o.getKind())
                        .as("only KEDA's kinds are untyped")
                        .isEqualTo("ScaledObject"));
        assertThat(deployments())
                .extracting(d -> d.getMetadata().getName())
                .contains("herald-ingest", "herald-signer", "herald-audit");
    }

    @Test
    void everyProviderHasExactlyOneDispatcherScaledByKedaOnItsConsumerGroupsLag() {
        Set<String> served = new TreeSet<>();
        for (Deployment dispatcher : deployments()) {
            List<String> providers = dispatcherProviders(dispatcher);
            if (providers.isEmpty()) {
                continue;
            }
            providers.forEach(
                    p -> assertThat(served.add(p)).as(p + " served twice").isTrue());
            GenericKubernetesResource scaled =
                    scaledObjectFor(dispatcher.getMetadata().getName());
            List<Map<String, Object>> triggers = listAt(scaled.getAdditionalProperties(), "spec", "triggers");
            Set<String> triggered = new TreeSet<>();
            for (Map<String, Object> trigger : triggers) {
                assertThat(trigger.get("type")).isEqualTo("kafka");
                @SuppressWarnings("unchecked")
                Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
                Provider provider =
                        Provider.of(String.valueOf(metadata.get("topic")).replace("herald.signed.", ""));
                assertThat(metadata.get("topic"))
                        .isEqualTo(new Topics("", List.of(Duration.ofSeconds(10))).signed(provider));
                assertThat(metadata.get("consumerGroup")).isEqualTo(Topics.dispatcherGroup(provider));
                assertThat(String.valueOf(metadata.get("bootstrapServers"))).isNotBlank();
                triggered.add(provider.id());
            }
            assertThat(triggered).containsExactlyInAnyOrderElementsOf(providers);
        }
        assertThat(served)
                .containsExactlyInAnyOrderElementsOf(
                        Provider.all().stream().map(Provider::id).toList());
    }

    @Test
    void everyDeploymentIsProbedOnItsHealthGroupsLimitedNonRootAndProtectedFromDrains() {
        Set<String> budgets = new TreeSet<>();
        OBJECTS.stream()
                .filter(o -> o instanceof PodDisruptionBudget)
                .map(o -> (PodDisruptionBudget) o)
                .forEach(b ->
                        budgets.add(b.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name")));
        for (Deployment deployment : deployments()) {
            String name = deployment.getMetadata().getName();
            Container container =
                    deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness");
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness");
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
            assertThat(deployment
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getSecurityContext()
                            .getRunAsNonRoot())
                    .as(name)
                    .isTrue();
            assertThat(budgets).as(name + " has a PodDisruptionBudget").contains(name);
        }
    }

    @Test
    void secretsAreOnlyReferences() {
        for (Deployment deployment : deployments()) {
            for (EnvVar env : deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst()
                    .getEnv()) {
                boolean secretName =
                        env.getName().matches("(?!.*ACTIVE_KEY$).*(_SECRET|_TOKEN|PASSWORD|_KEY)$|.*_KEYS_.*");
                if (secretName && env.getValue() != null) {
                    assertThat(env.getValue()).as(env.getName()).startsWith("env:");
                }
                if (env.getValueFrom() != null) {
                    assertThat(env.getValueFrom().getSecretKeyRef())
                            .as(env.getName())
                            .isNotNull();
                }
            }
        }
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }

    private static List<String> dispatcherProviders(Deployment deployment) {
        List<String> args = deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getArgs();
        return args == null
                ? List.of()
                : args.stream()
                        .filter(a -> a.startsWith("--herald.dispatcher.providers="))
                        .flatMap(a ->
                                Arrays.stream(a.substring(a.indexOf('=') + 1).split(",")))
                        .toList();
    }

    private static GenericKubernetesResource scaledObjectFor(String deployment) {
        return OBJECTS.stream()
                .filter(o ->
                        o instanceof GenericKubernetesResource g && g.getKind().equals("ScaledObject"))
                .map(o -> (GenericKubernetesResource) o)
                .filter(s -> deployment.equals(mapAt(s.getAdditionalProperties(), "spec", "scaleTargetRef")
                        .get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ScaledObject scales " + deployment));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listAt(Map<String, Object> root, String first, String second) {
        return (List<Map<String, Object>>) ((Map<String, Object>) root.get(first)).get(second);
    }

    private static List<Deployment> deployments() {
        return OBJECTS.stream()
                .filter(o -> o instanceof Deployment)
                .map(o -> (Deployment) o)
                .toList();
    }

    private static List<HasMetadata> render() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : documents()) {
            if (!document.isBlank()) {
                objects.add(serialization.unmarshal(
                        new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), HasMetadata.class));
            }
        }
        return objects;
    }

    /** kubectl's rendering of the local overlay; without kubectl, the base's manifests as written. */
    private static List<String> documents() {
        try {
            String yaml;
            if (kubectlAvailable()) {
                Process kubectl = new ProcessBuilder(
                                "kubectl",
                                "kustomize",
                                K8S.resolve("overlays/local").toString())
                        .redirectErrorStream(true)
                        .start();
                yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(kubectl.waitFor()).as(yaml).isZero();
            } else {
                System.out.println("kubectl not found: checking the base's manifests one by one, not the rendering");
                StringBuilder all = new StringBuilder();
                try (Stream<Path> files = Files.list(K8S.resolve("base"))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                            .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                            .toList()) {
                        all.append(Files.readString(file)).append("\n---\n");
                    }
                }
                yaml = all.toString();
            }
            return Arrays.asList(yaml.split("(?m)^---\\s*$"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean kubectlAvailable() {
        try {
            Process version = new ProcessBuilder("kubectl", "version", "--client").start();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
