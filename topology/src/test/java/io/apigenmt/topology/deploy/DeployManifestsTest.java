package io.apigenmt.topology.deploy;

import static io.apigenmt.topology.deploy.DeployFiles.JSON;
import static io.apigenmt.topology.deploy.DeployFiles.YAML;
import static io.apigenmt.topology.deploy.DeployFiles.deploy;
import static io.apigenmt.topology.deploy.DeployFiles.read;
import static io.apigenmt.topology.deploy.DeployFiles.repoRoot;
import static io.apigenmt.topology.deploy.DeployFiles.strings;
import static io.apigenmt.topology.deploy.DeployFiles.yaml;
import static io.apigenmt.topology.deploy.DeployFiles.yamlDocuments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.apigenmt.topology.cli.Main;
import io.apigenmt.topology.llm.LlmSettings;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import io.apigenmt.topology.pipeline.Topics;
import io.apigenmt.topology.worker.Worker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Static checks of everything under deploy/: no Docker engine or Kubernetes cluster is available
 * to the tests, so every file is checked against what it names — the CLI's parser, the config
 * loader, the Kubernetes model classes, the metric names the code registers, and each other.
 */
class DeployManifestsTest {

    private static final Path K8S_BASE = deploy().resolve("k8s/base");
    private static final Path K8S_OVERLAY = deploy().resolve("k8s/overlays/example");
    private static final Topics TOPICS = new Topics();

    /** The Kubernetes kinds the manifests may use, and their model classes. */
    private static final Map<String, Class<? extends HasMetadata>> MODEL = Map.of(
            "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "Service", Service.class,
            "Namespace", Namespace.class,
            "ConfigMap", ConfigMap.class);

    private static final Map<String, String> API_VERSION = Map.of(
            "Deployment", "apps/v1",
            "PodDisruptionBudget", "policy/v1",
            "Service", "v1",
            "Namespace", "v1",
            "ConfigMap", "v1",
            "ScaledObject", "keda.sh/v1alpha1");

    /** The topic each stage reads (DESIGN.md, Topics). */
    private static final Map<String, String> STAGE_INPUT = Map.of(
            "fan-out", TOPICS.seeds().name(),
            "generate", TOPICS.tasks().name(),
            "review", TOPICS.candidates().name(),
            "regenerate", TOPICS.retry().name(),
            // recombine also reads approvals and dead letters, but only its groups topic is work waiting for it
            "recombine", TOPICS.recombineMembers().name(),
            "rollout", TOPICS.approved().name());

    // ---------------------------------------------------------------- every file parses

    @Test
    void everyYamlAndJsonFileUnderDeployParses() throws IOException {
        List<Path> yamls = DeployFiles.filesEndingWith(".yaml", ".yml");
        assertThat(yamls).extracting(p -> deploy().relativize(p).toString().replace('\\', '/'))
                .contains("compose.yaml", "prometheus/prometheus.yml", "k8s/base/kustomization.yaml",
                        "k8s/overlays/example/kustomization.yaml");
        for (Path p : yamls) {
            assertThat(yamlDocuments(p)).as("%s holds YAML documents", p).isNotEmpty();
        }
        for (Path p : DeployFiles.filesEndingWith(".json")) {
            assertThat(JSON.readTree(p.toFile()).isObject()).as("%s is a JSON object", p).isTrue();
        }
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void kubernetesManifestsDeserializeStrictlyIntoTheModelClasses() {
        List<JsonNode> docs = new ArrayList<>();
        for (Path dir : List.of(K8S_BASE, K8S_OVERLAY)) {
            for (String resource : listed(dir, "resources")) {
                Path p = dir.resolve(resource);
                if (Files.isRegularFile(p)) {
                    docs.addAll(yamlDocuments(p));
                }
            }
        }
        assertThat(docs).hasSizeGreaterThanOrEqualTo(10);
        for (JsonNode doc : docs) {
            if (doc.path("kind").asText().equals("ScaledObject")) {
                // A KEDA CRD, not in the model: checked field by field in scaledObjectsScale...
                assertThat(doc.path("apiVersion").asText()).isEqualTo(API_VERSION.get("ScaledObject"));
            } else {
                strict(doc);
            }
        }
        // The check has teeth: a misspelt field is caught although fabric8 would keep it aside.
        JsonNode bad = yamlDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    spec:
                      containers: [{name: c, image: i, livenessProbe: {httpGet: {path: /, port: 1}, periodSecond: 5}}]
                """).get(0);
        assertThatThrownBy(() -> strict(bad)).hasMessageContaining("periodSecond");
    }

    @Test
    void kustomizationReferencesResolve() {
        for (Path dir : List.of(K8S_BASE, K8S_OVERLAY)) {
            JsonNode k = yaml(dir.resolve("kustomization.yaml"));
            assertThat(k.path("apiVersion").asText()).isEqualTo("kustomize.config.k8s.io/v1beta1");
            assertThat(k.path("kind").asText()).isEqualTo("Kustomization");
            for (String r : listed(dir, "resources")) {
                Path p = dir.resolve(r).normalize();
                assertThat(Files.isRegularFile(p) || Files.isRegularFile(p.resolve("kustomization.yaml")))
                        .as("%s: resource %s exists", dir, r).isTrue();
            }
            for (JsonNode patch : k.path("patches")) {
                if (patch.has("path")) {
                    Path p = dir.resolve(patch.path("path").asText());
                    assertThat(p).as("%s: patch", dir).isRegularFile();
                    JsonNode doc = yaml(p);
                    assertThat(resourceNames(K8S_BASE, doc.path("kind").asText()))
                            .as("patch %s targets an existing %s", p, doc.path("kind").asText())
                            .contains(doc.path("metadata").path("name").asText());
                }
            }
            for (JsonNode gen : k.path("configMapGenerator")) {
                for (String f : strings(gen.path("files"))) {
                    String file = f.contains("=") ? f.substring(f.indexOf('=') + 1) : f;
                    assertThat(dir.resolve(file)).as("%s: generator file", dir).isRegularFile();
                }
            }
        }
        // The overlay merges into generators the base defines and retags the image the base uses.
        JsonNode overlay = yaml(K8S_OVERLAY.resolve("kustomization.yaml"));
        assertThat(listed(K8S_OVERLAY, "resources")).contains("../../base");
        assertThat(overlay.path("namespace").asText()).isNotBlank();
        Set<String> baseGenerators = generatorNames(K8S_BASE);
        for (JsonNode gen : overlay.path("configMapGenerator")) {
            if (gen.path("behavior").asText().equals("merge") || gen.path("behavior").asText().equals("replace")) {
                assertThat(baseGenerators).contains(gen.path("name").asText());
            }
        }
        Set<String> baseImages = deployments(K8S_BASE).stream()
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                .map(Container::getImage).collect(Collectors.toSet());
        assertThat(overlay.path("images")).isNotEmpty();
        for (JsonNode image : overlay.path("images")) {
            assertThat(baseImages).contains(image.path("name").asText());
        }
        Map<String, String> overlayEnv = literals(overlay, "apigen-env");
        assertThat(overlayEnv).containsKeys("APIGEN_BOOTSTRAP_SERVERS", "APIGEN_SCHEMA_REGISTRY_URL",
                LlmSettings.ENV_BASE_URL);
        // Every ConfigMap and Secret a pod refers to is generated here or documented as user-made.
        Set<String> configMaps = new LinkedHashSet<>(baseGenerators);
        configMaps.addAll(resourceNames(K8S_BASE, "ConfigMap"));
        for (Deployment d : deployments(K8S_BASE)) {
            var pod = d.getSpec().getTemplate().getSpec();
            pod.getVolumes().stream().filter(v -> v.getConfigMap() != null)
                    .forEach(v -> assertThat(configMaps).contains(v.getConfigMap().getName()));
            for (Container c : pod.getContainers()) {
                c.getEnvFrom().forEach(e -> assertThat(configMaps).contains(e.getConfigMapRef().getName()));
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(ref.getName()).isEqualTo("apigen-llm");
                        assertThat(ref.getOptional()).as("the API key Secret is optional").isTrue();
                        assertThat(read(K8S_BASE.resolve("kustomization.yaml"))).contains("create secret generic apigen-llm");
                    }
                }
            }
        }
        assertThat(resourceNames(K8S_BASE, "Secret")).as("no Secret objects in the manifests").isEmpty();
    }

    @Test
    void theOverlayRendersWithKustomizeIntoValidObjects() throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl (with its built-in kustomize) is not installed");
        Process proc = new ProcessBuilder(kubectl.toString(), "kustomize", K8S_OVERLAY.toString())
                .redirectErrorStream(false).start();
        String out = new String(proc.getInputStream().readAllBytes());
        String err = new String(proc.getErrorStream().readAllBytes());
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as("kubectl kustomize: %s", err).isZero();

        List<JsonNode> docs = yamlDocuments(out);
        String namespace = yaml(K8S_OVERLAY.resolve("kustomization.yaml")).path("namespace").asText();
        Map<String, String> env = null;
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            if (!kind.equals("Namespace")) {
                assertThat(doc.path("metadata").path("namespace").asText()).as("%s namespace", kind).isEqualTo(namespace);
            }
            if (kind.equals("ScaledObject")) {
                continue;
            }
            HasMetadata obj = strict(doc);
            if (obj instanceof ConfigMap cm && cm.getMetadata().getName().startsWith("apigen-env-")) {
                env = cm.getData();
            }
            if (obj instanceof ConfigMap cm && cm.getMetadata().getName().startsWith("apigen-config-")) {
                assertThat(cm.getData()).containsKey("pipeline.yaml");
            }
            if (obj instanceof Deployment d) {
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    assertThat(c.getImage()).as("image retagged by the overlay").contains("/").contains(":");
                }
            }
        }
        assertThat(env).as("the merged apigen-env ConfigMap").isNotNull();
        assertThat(env).containsAllEntriesOf(literals(yaml(K8S_OVERLAY.resolve("kustomization.yaml")), "apigen-env"));
    }

    @Test
    void workerDeploymentsRunTheCliWithProbesOnItsMetricsPort() {
        Map<String, Deployment> byName = deployments(K8S_BASE).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
        assertThat(byName).containsKeys("apigen-generate", "apigen-review", "apigen-rollout");
        Set<String> stagesCovered = new TreeSet<>();
        for (Deployment d : byName.values()) {
            var pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            if (c.getCommand() != null && !c.getCommand().isEmpty()) {
                // Replaces the image's ENTRYPOINT (the CLI toolbox): nothing for the CLI to parse.
                assertThat(c.getCommand().get(0)).isEqualTo("sleep");
                assertThat(d.getMetadata().getName()).isEqualTo("apigen-cli");
                continue;
            }
            ParseResult worker = parseCli(c.getArgs(), pod.getContainers().get(0));
            assertThat(worker.commandSpec().name()).isEqualTo("worker");
            Set<String> stages = Worker.parseStages(worker.matchedOptionValue("--stages", "all"));
            stagesCovered.addAll(stages);
            assertThat(worker.matchedOptionValue("--metrics-host", "")).isEqualTo("0.0.0.0");
            assertThat(worker.<String>matchedOptionValue("--worker-id", null)).isEqualTo("$(POD_NAME)");
            assertThat(c.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("POD_NAME");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
            });
            Path config = Path.of(worker.<Path>matchedOptionValue("--config", null).toString());
            assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(config.startsWith(m.getMountPath())).isTrue());
            int metricsPort = worker.<Integer>matchedOptionValue("--metrics-port", -1);
            assertThat(metricsPort).isPositive();

            assertProbe(c, c.getLivenessProbe(), "/health/live", metricsPort);
            assertProbe(c, c.getReadinessProbe(), "/health/ready", metricsPort);
            if (c.getStartupProbe() != null) {
                assertProbe(c, c.getStartupProbe(), "/health/live", metricsPort);
            }
            assertThat(pod.getTerminationGracePeriodSeconds()).as("graceful stop: 30 s per stage close")
                    .isGreaterThanOrEqualTo(30L * stages.size());
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(d.getSpec().getReplicas()).as("replicas belong to KEDA").isNull();

            // One PodDisruptionBudget selects exactly this Deployment's pods.
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            long pdbs = pdbs().stream().filter(p -> podLabels.entrySet()
                    .containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())).count();
            assertThat(pdbs).as("PDBs selecting %s", d.getMetadata().getName()).isEqualTo(1);
            assertThat(d.getSpec().getSelector().getMatchLabels().entrySet()).isSubsetOf(podLabels.entrySet());
        }
        assertThat(stagesCovered).as("every stage runs somewhere").containsExactlyInAnyOrderElementsOf(Worker.STAGES);

        // The metrics Service reaches the same named port.
        Service svc = (Service) strict(yaml(K8S_BASE.resolve("service-metrics.yaml")));
        assertThat(svc.getSpec().getPorts()).anySatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics"));
    }

    @Test
    void scaledObjectsScaleEachDeploymentOnTheConsumerGroupsOfItsStages() {
        Map<String, Deployment> byName = deployments(K8S_BASE).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));
        int partitions = ConfigLoader.load(K8S_BASE.resolve("pipeline.yaml"), Map.of()).build().cluster().partitions();
        Map<String, String> envLiterals = literals(yaml(K8S_BASE.resolve("kustomization.yaml")), "apigen-env");
        List<JsonNode> scaled = new ArrayList<>();
        for (String r : listed(K8S_BASE, "resources")) {
            yamlDocuments(K8S_BASE.resolve(r)).stream().filter(d -> d.path("kind").asText().equals("ScaledObject"))
                    .forEach(scaled::add);
        }
        assertThat(scaled).hasSize(3);
        Set<String> targets = new TreeSet<>();
        for (JsonNode so : scaled) {
            assertThat(so.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
            String target = so.path("spec").path("scaleTargetRef").path("name").asText();
            assertThat(byName).as("scaleTargetRef").containsKey(target);
            targets.add(target);
            Container c = byName.get(target).getSpec().getTemplate().getSpec().getContainers().get(0);
            Set<String> stages = Worker.parseStages(parseCli(c.getArgs(), c).matchedOptionValue("--stages", "all"));

            int min = so.path("spec").path("minReplicaCount").asInt(0);
            int max = so.path("spec").path("maxReplicaCount").asInt();
            assertThat(max).isBetween(Math.max(1, min), partitions);

            Set<String> triggered = new TreeSet<>();
            for (JsonNode t : so.path("spec").path("triggers")) {
                assertThat(t.path("type").asText()).isEqualTo("kafka");
                JsonNode m = t.path("metadata");
                String group = m.path("consumerGroup").asText();
                assertThat(group).startsWith(TOPICS.prefix());
                String stage = group.substring(TOPICS.prefix().length());
                assertThat(stages).as("%s scales on stage %s that it runs", target, stage).contains(stage);
                assertThat(m.path("topic").asText()).as("the topic stage %s reads", stage).isEqualTo(STAGE_INPUT.get(stage));
                assertThat(Integer.parseInt(m.path("lagThreshold").asText())).isPositive();
                assertThat(m.path("offsetResetPolicy").asText("earliest")).isEqualTo("earliest");
                if (m.has("bootstrapServersFromEnv")) {
                    // Resolved by KEDA from the target container's env / envFrom.
                    String var = m.path("bootstrapServersFromEnv").asText();
                    boolean inEnv = c.getEnv().stream().anyMatch(e -> e.getName().equals(var));
                    assertThat(inEnv || envLiterals.containsKey(var)).as("%s is in %s's environment", var, target).isTrue();
                } else {
                    assertThat(m.path("bootstrapServers").asText()).isNotBlank();
                }
                triggered.add(stage);
            }
            assertThat(triggered).as("%s has a trigger per stage it runs", target).isEqualTo(stages);
        }
        assertThat(targets).containsExactlyInAnyOrder("apigen-generate", "apigen-review", "apigen-rollout");
    }

    @Test
    void thePipelineConfigLoadsWithTheEnvironmentOfBaseAndOverlay() {
        Map<String, String> env = new HashMap<>(literals(yaml(K8S_BASE.resolve("kustomization.yaml")), "apigen-env"));
        env.putAll(literals(yaml(K8S_OVERLAY.resolve("kustomization.yaml")), "apigen-env"));
        PipelineConfig config = ConfigLoader.load(K8S_BASE.resolve("pipeline.yaml"), env).build();
        config.topics();
        assertThat(config.cluster().bootstrapServers()).isEqualTo(env.get("APIGEN_BOOTSTRAP_SERVERS"));
        assertThat(config.cluster().schemaRegistryUrl()).isEqualTo(env.get("APIGEN_SCHEMA_REGISTRY_URL"));
        LlmSettings llm = config.llm();
        assertThat(llm.allRoles()).allSatisfy(r -> assertThat(r.baseUrl()).isEqualTo(env.get(LlmSettings.ENV_BASE_URL)));
        if (env.containsKey("APIGEN_LLM__MODEL")) {
            assertThat(llm.generator().model()).isEqualTo(env.get("APIGEN_LLM__MODEL"));
        }
        assertThat(llm.defaults().apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
    }

    @Test
    void everyApigenEnvironmentVariableIsOneTheConfigLoaderKnows() {
        Map<String, String> used = new LinkedHashMap<>();
        // Kubernetes: container env and the generated env ConfigMaps of base and overlay.
        for (Path dir : List.of(K8S_BASE, K8S_OVERLAY)) {
            used.putAll(literals(yaml(dir.resolve("kustomization.yaml")), "apigen-env"));
        }
        for (Deployment d : deployments(K8S_BASE)) {
            d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> c.getEnv()
                    .forEach(e -> used.put(e.getName(), e.getValue() == null ? "" : e.getValue())));
        }
        // Compose services.
        JsonNode compose = DeployFiles.compose();
        compose.path("services").forEach(s -> used.putAll(DeployFiles.composeEnvironment(s.path("environment"))));
        // Dockerfile ENV.
        used.putAll(dockerEnv());

        List<String> apigen = used.keySet().stream().filter(n -> n.startsWith("APIGEN_")).toList();
        assertThat(apigen).contains("APIGEN_BOOTSTRAP_SERVERS", "APIGEN_WORKER__STATE_DIR", LlmSettings.ENV_BASE_URL);
        for (String name : apigen) {
            assertKnownVariable(name, used.get(name));
        }
        // Non-APIGEN variables the files use: the default API key variable and the JVM options.
        assertThat(used.keySet().stream().filter(n -> !n.startsWith("APIGEN_")))
                .allMatch(n -> Set.of("OPENAI_API_KEY", "JAVA_OPTS", "POD_NAME").contains(n) || n.startsWith("KAFKA_")
                        || n.startsWith("SCHEMA_REGISTRY_") || n.startsWith("GF_"));
        assertThat(LlmSettings.DEFAULT_API_KEY_ENV).isEqualTo("OPENAI_API_KEY");

        // The check has teeth.
        assertThatThrownBy(() -> assertKnownVariable("APIGEN_METRICS_HOST", "0.0.0.0")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertKnownVariable("APIGEN_WORKER__NO_SUCH_KEY", "1")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> assertKnownVariable("APIGEN_LLM__NO_SUCH_KEY", "1")).isInstanceOf(Exception.class);
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileIsMultiStageNonRootAndRunsTheShadedJar() {
        List<DockerInstruction> ins = DeployFiles.dockerfile(deploy().resolve("Dockerfile"));
        List<DockerInstruction> froms = ins.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertThat(froms.size()).as("multi-stage").isGreaterThanOrEqualTo(2);
        assertThat(froms.get(0).args()).startsWith("maven:3.9-eclipse-temurin-17").endsWith("AS build");
        int last = froms.size() - 1;
        assertThat(froms.get(last).args()).as("the default target is the JRE runtime").startsWith("eclipse-temurin:17-jre");

        List<DockerInstruction> runtime = ins.stream().filter(i -> i.stage() == last).toList();
        List<String> users = runtime.stream().filter(i -> i.keyword().equals("USER")).map(DockerInstruction::args).toList();
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(user).as("numeric, so runAsNonRoot can verify it").matches("\\d+");
        assertThat(yamlDocuments(K8S_BASE.resolve("deployment-review.yaml")).get(0)
                .path("spec").path("template").path("spec").path("securityContext").path("runAsUser").asText()).isEqualTo(user);

        // The jar the build stage produces is the shaded jar's name in topology/pom.xml.
        String jar = shadedJarName();
        String buildRun = ins.stream().filter(i -> i.stage() == 0 && i.keyword().equals("RUN"))
                .map(DockerInstruction::args).collect(Collectors.joining("\n"));
        assertThat(buildRun).contains("topology/target/" + jar).contains("package");
        List<String> copies = runtime.stream().filter(i -> i.keyword().equals("COPY")).map(DockerInstruction::args).toList();
        assertThat(copies).anyMatch(c -> c.startsWith("--from=build ") && c.endsWith(" /app/apigen.jar"));

        String entrypoint = single(runtime, "ENTRYPOINT");
        List<String> ep = jsonArray(entrypoint);
        assertThat(String.join(" ", ep)).contains("java $JAVA_OPTS -jar /app/apigen.jar");
        List<String> cmd = jsonArray(single(runtime, "CMD"));
        assertThat(cmd).containsExactly("worker");
        assertThat(Main.commandLine().parseArgs(cmd.toArray(String[]::new)).subcommand().commandSpec().name()).isEqualTo("worker");

        Map<String, String> env = dockerEnv();
        assertThat(env.get("JAVA_OPTS")).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-Dsun.net.httpserver.nodelay=true");
        String expose = single(runtime, "EXPOSE");
        assertThat(expose.split("\\s+")).contains("9464", "8000");

        // The connect target carries the plugin directory the assembly builds.
        String assembly = read(repoRoot().resolve("connectors/src/assembly/connect-plugin.xml"));
        Matcher base = Pattern.compile("<baseDirectory>([^<]+)</baseDirectory>").matcher(assembly);
        assertThat(base.find()).isTrue();
        assertThat(froms).anyMatch(f -> f.args().endsWith("AS connect"));
        assertThat(ins).anyMatch(i -> i.keyword().equals("COPY")
                && i.args().contains("connectors/target/plugin/" + base.group(1) + " /opt/connect/plugins/"));

        // The ignore file keeps local builds out but every module's sources in.
        Path ignore = deploy().resolve("Dockerfile.dockerignore");
        List<String> patterns = read(ignore).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).contains("**/target");
        for (String module : List.of("pom.xml", "schemas", "domains", "topology", "connectors")) {
            assertThat(patterns).doesNotContain(module, module + "/", "/" + module);
            assertThat(ins).anyMatch(i -> i.keyword().equals("COPY") && i.stage() == 0 && i.args().startsWith(module));
        }
    }

    // ---------------------------------------------------------------- compose, Prometheus, Grafana

    @Test
    void composeStackIsWiredConsistently() {
        JsonNode compose = DeployFiles.compose();
        JsonNode services = compose.path("services");
        assertThat(services.has("kafka") && services.has("schema-registry") && services.has("sim-llm")
                && services.has("worker") && services.has("connect") && services.has("prometheus")).isTrue();

        JsonNode kafka = services.path("kafka");
        assertThat(kafka.path("image").asText()).startsWith("apache/kafka:");
        Map<String, String> kenv = DeployFiles.composeEnvironment(kafka.path("environment"));
        assertThat(kenv.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(kenv.get("KAFKA_ADVERTISED_LISTENERS")).contains("kafka:9092");

        // Every service built from the repository uses deploy/Dockerfile, the connect one its connect target.
        services.forEach(s -> {
            if (s.has("build")) {
                Path context = deploy().resolve(s.path("build").path("context").asText()).normalize();
                assertThat(context).isEqualTo(repoRoot());
                assertThat(context.resolve(s.path("build").path("dockerfile").asText())).isRegularFile();
            }
        });
        assertThat(services.path("connect").path("build").path("target").asText()).isEqualTo("connect");

        // Command lines of our image go through the CLI parser.
        ParseResult sim = parseCli(strings(services.path("sim-llm").path("command")), null);
        assertThat(sim.commandSpec().name()).isEqualTo("sim-llm");
        assertThat(sim.matchedOptionValue("--host", "")).isEqualTo("0.0.0.0");
        int simPort = sim.matchedOptionValue("--port", 8000);

        JsonNode worker = services.path("worker");
        ParseResult w = parseCli(strings(worker.path("command")), null);
        assertThat(w.commandSpec().name()).isEqualTo("worker");
        assertThat(w.matchedOptionValue("--metrics-host", "")).isEqualTo("0.0.0.0");
        int metricsPort = w.matchedOptionValue("--metrics-port", -1);
        assertThat(metricsPort).isPositive();
        assertThat(worker.has("container_name")).as("scalable: no fixed container name").isFalse();
        assertThat(worker.has("ports")).as("scalable: no fixed host port").isFalse();
        Map<String, String> wenv = DeployFiles.composeEnvironment(worker.path("environment"));
        assertThat(read(deploy().resolve("compose.yaml"))).contains("${LLM_BASE_URL:-http://sim-llm:" + simPort + "/v1}");
        assertThat(wenv.get(LlmSettings.ENV_BASE_URL)).isEqualTo("http://sim-llm:" + simPort + "/v1");
        assertThat(wenv.get("APIGEN_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
        assertThat(wenv.get("APIGEN_SCHEMA_REGISTRY_URL")).startsWith("http://schema-registry:");
        if (worker.has("healthcheck")) {
            assertThat(String.join(" ", strings(worker.path("healthcheck").path("test"))))
                    .contains("/" + metricsPort).contains("/health/ready");
        }
        JsonNode cli = services.path("apigen");
        if (!cli.isMissingNode()) {
            assertThat(parseCli(strings(cli.path("command")), null).commandSpec().name()).isEqualTo("report");
        }

        // Bind mounts name files that exist (paths relative to deploy/).
        services.forEach(s -> strings(s.path("volumes")).forEach(v -> {
            String src = v.split(":")[0];
            // ./out is where exports go: made by the user (README), ignored by git.
            if (src.startsWith(".") && !src.equals("./out")) {
                assertThat(Files.exists(deploy().resolve(src).normalize())).as("mount source %s", src).isTrue();
            }
        }));

        // Connect: the plugin path the worker config names is where the image puts the plugin, and
        // the connector it registers is the sink of the connectors module, pointed at our services.
        String props = read(deploy().resolve("compose/connect-distributed.properties"));
        assertThat(props).contains("plugin.path=/opt/connect/plugins").contains("bootstrap.servers=kafka:9092");
        String init = String.join("\n", strings(services.path("connect-init").path("command")));
        Matcher posted = Pattern.compile("@/connect/([\\w.-]+\\.json)").matcher(init);
        assertThat(posted.find()).isTrue();
        JsonNode sink = readJson(deploy().resolve("connect").resolve(posted.group(1)));
        String cls = sink.path("config").path("connector.class").asText();
        assertThat(repoRoot().resolve("connectors/src/main/java/" + cls.replace('.', '/') + ".java")).isRegularFile();
        assertThat(sink.path("config").path("topics").asText()).isEqualTo(TOPICS.verified().name());
        String registryHost = java.net.URI.create(sink.path("config").path("schema.registry.url").asText()).getHost();
        assertThat(services.has(registryHost)).as("registry %s is a compose service", registryHost).isTrue();
        String outputDir = sink.path("config").path("output.dir").asText();
        assertThat(strings(services.path("connect").path("volumes")))
                .anyMatch(v -> v.split(":").length > 1 && outputDir.startsWith(v.split(":")[1]));
    }

    @Test
    void prometheusScrapesTheWorkersOnTheirMetricsPort() {
        JsonNode prom = yaml(deploy().resolve("prometheus/prometheus.yml"));
        JsonNode compose = DeployFiles.compose();
        int metricsPort = parseCli(strings(compose.path("services").path("worker").path("command")), null)
                .matchedOptionValue("--metrics-port", -1);
        JsonNode job = prom.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        JsonNode sd = job.path("dns_sd_configs").get(0);
        assertThat(sd.path("port").asInt()).isEqualTo(metricsPort);
        for (String name : strings(sd.path("names"))) {
            assertThat(compose.path("services").has(name)).as("%s is a compose service", name).isTrue();
        }
    }

    @Test
    void grafanaDashboardQueriesOnlyMetricsTheCodeRegisters() throws IOException {
        JsonNode dash = readJson(deploy().resolve("grafana/apigen-dashboard.json"));
        assertThat(dash.path("title").asText()).isNotBlank();
        Set<Integer> ids = new LinkedHashSet<>();
        for (JsonNode p : dash.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(p.path("gridPos").path("w").asInt()).isPositive();
        }
        Set<String> metrics = dashboardMetrics(dash);
        // What the issue asks the dashboard to show.
        assertThat(metrics).contains("apigen_stage_records_in_total", "apigen_stage_records_out_total",
                "apigen_llm_calls_total", "apigen_llm_tokens_total", "apigen_llm_latency_seconds_bucket",
                "apigen_llm_in_flight", "apigen_llm_concurrency_limit", "apigen_stage_in_flight",
                "kafka_consumer_fetch_manager_records_lag_max");
        String exprs = String.join("\n", expressions(dash));
        assertThat(exprs).contains("retry.*").contains("dead-letter.*");

        String sources = mainSources();
        for (String metric : metrics) {
            if (metric.startsWith("kafka_")) {
                continue; // Kafka's own metrics: checked against a live scrape in WorkerEndpointsTest
            }
            assertThat(metric).startsWith("apigen_");
            assertThat(micrometerNames(metric)).as("%s is registered in the code", metric)
                    .anyMatch(n -> sources.contains("\"" + n + "\""));
        }
        // The provisioning files point Grafana at the mounted dashboard directory and the datasource uid.
        JsonNode provider = yaml(deploy().resolve("grafana/provisioning/dashboards/apigen.yaml"));
        String dir = provider.path("providers").get(0).path("options").path("path").asText();
        assertThat(strings(DeployFiles.compose().path("services").path("grafana").path("volumes")))
                .anyMatch(v -> v.contains("apigen-dashboard.json:" + dir + "/"));
    }

    @Test
    void readmeClusterSectionCommandsParse() {
        String readme = read(repoRoot().resolve("README.md"));
        int at = readme.indexOf("## Running on a cluster");
        assertThat(at).as("README has a 'Running on a cluster' section").isNotNegative();
        String section = readme.substring(at);
        int next = section.indexOf("\n## ", 3);
        if (next > 0) {
            section = section.substring(0, next);
        }
        // Commands in code blocks run as `... apigen <command> ...` (kubectl exec, docker compose run).
        Pattern call = Pattern.compile("(?:--\\s+apigen|run --rm(?: --user \\S+)? apigen|bin/apigen)\\s+([^\\n|>&]+)");
        int parsed = 0;
        for (String line : section.lines().toList()) {
            Matcher m = call.matcher(line);
            if (m.find()) {
                String[] args = m.group(1).replaceAll("\\s#.*$", "").replace("\\", " ").trim().split("\\s+");
                ParseResult r = Main.commandLine().parseArgs(args);
                assertThat(r.hasSubcommand()).as(line).isTrue();
                parsed++;
            }
        }
        assertThat(parsed).as("apigen command lines in the section").isGreaterThanOrEqualTo(4);
        assertThat(section).contains("kubectl apply -k deploy/k8s/overlays/").contains("docker build")
                .contains("create secret generic apigen-llm").contains("docker compose");
    }

    // ---------------------------------------------------------------- helpers

    static Set<String> dashboardMetrics(JsonNode dash) {
        Set<String> names = new TreeSet<>();
        Pattern ident = Pattern.compile("\\b((?:apigen|kafka)_[a-zA-Z0-9_]+)");
        for (String e : expressions(dash)) {
            // Drop quoted strings (label values and regexes) before looking for metric names.
            Matcher m = ident.matcher(e.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static List<String> expressions(JsonNode dash) {
        List<String> out = new ArrayList<>();
        dash.path("panels").forEach(p -> p.path("targets").forEach(t -> out.add(t.path("expr").asText())));
        dash.path("templating").path("list").forEach(v -> {
            if (v.path("definition").isTextual()) {
                out.add(v.path("definition").asText());
            }
        });
        return out;
    }

    /** The Micrometer names a Prometheus series name can come from (counter _total, timer _seconds, histogram suffixes). */
    private static List<String> micrometerNames(String prometheusName) {
        List<String> out = new ArrayList<>();
        String base = prometheusName.replaceAll("_(bucket|count|sum|max)$", "");
        for (String candidate : List.of(base, base.replaceAll("_total$", ""), base.replaceAll("_seconds$", ""))) {
            out.add(candidate.replace('_', '.'));
        }
        return out;
    }

    private static String mainSources() throws IOException {
        try (Stream<Path> walk = Files.walk(repoRoot().resolve("topology/src/main/java"))) {
            return walk.filter(p -> p.toString().endsWith(".java")).map(DeployFiles::read).collect(Collectors.joining("\n"));
        }
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String shadedJarName() {
        String pom = read(repoRoot().resolve("topology/pom.xml"));
        String artifact = firstMatch(pom, "</parent>\\s*<artifactId>([^<]+)</artifactId>");
        String version = firstMatch(pom, "<parent>.*?<version>([^<]+)</version>");
        String classifier = firstMatch(pom, "<shadedClassifierName>([^<]+)</shadedClassifierName>");
        return artifact + "-" + version + "-" + classifier + ".jar";
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("pattern %s", regex).isTrue();
        return m.group(1);
    }

    private static String single(List<DockerInstruction> ins, String keyword) {
        List<String> found = ins.stream().filter(i -> i.keyword().equals(keyword)).map(DockerInstruction::args).toList();
        assertThat(found).as(keyword).isNotEmpty();
        return found.get(found.size() - 1);
    }

    private static List<String> jsonArray(String exec) {
        try {
            List<String> out = new ArrayList<>();
            JSON.readTree(exec).forEach(n -> out.add(n.asText()));
            return out;
        } catch (IOException e) {
            throw new AssertionError("not an exec-form JSON array: " + exec, e);
        }
    }

    /** ENV of the Dockerfile's runtime stage: KEY=value pairs, quotes removed. */
    private static Map<String, String> dockerEnv() {
        List<DockerInstruction> ins = DeployFiles.dockerfile(deploy().resolve("Dockerfile"));
        int last = ins.stream().mapToInt(DockerInstruction::stage).max().orElse(0);
        Map<String, String> env = new LinkedHashMap<>();
        Pattern kv = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");
        ins.stream().filter(i -> i.stage() == last && i.keyword().equals("ENV")).forEach(i -> {
            Matcher m = kv.matcher(i.args());
            while (m.find()) {
                env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
            }
        });
        return env;
    }

    /**
     * An APIGEN_* variable is known when it is a declared alias of a key or an APIGEN_SECTION__KEY
     * path of the declaration, and the configuration accepts the value given.
     */
    private static void assertKnownVariable(String name, String value) {
        if (!ConfigLoader.reads(name) && !name.contains("__")) {
            throw new AssertionError(name + " is not an environment variable apigen reads");
        }
        ConfigLoader.load(null, Map.of(name, value)).build();
    }

    private static ParseResult parseCli(List<String> args, Container container) {
        List<String> expanded = new ArrayList<>();
        for (String a : args) {
            // Kubernetes expands $(VAR) from the container's env; the parser only sees a string.
            if (container != null) {
                Matcher m = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)").matcher(a);
                while (m.find()) {
                    String var = m.group(1);
                    assertThat(container.getEnv()).as("$(%s) is defined", var).anyMatch(e -> e.getName().equals(var));
                }
            }
            expanded.add(a);
        }
        try {
            ParseResult top = Main.commandLine().parseArgs(expanded.toArray(String[]::new));
            assertThat(top.hasSubcommand()).as("a command in %s", args).isTrue();
            return top.subcommand();
        } catch (CommandLine.ParameterException e) {
            return fail("the CLI rejects " + args + ": " + e.getMessage());
        }
    }

    private static void assertProbe(Container c, Probe probe, String path, int metricsPort) {
        assertThat(probe).as("%s probe on %s", c.getName(), path).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get.getPath()).isEqualTo(path);
        int port = get.getPort().getIntVal() != null ? get.getPort().getIntVal()
                : c.getPorts().stream().filter(p -> get.getPort().getStrVal().equals(p.getName()))
                        .map(ContainerPort::getContainerPort).findFirst().orElseThrow(
                                () -> new AssertionError("no container port named " + get.getPort().getStrVal()));
        assertThat(port).as("probe port = --metrics-port").isEqualTo(metricsPort);
    }

    private static List<String> listed(Path dir, String field) {
        return strings(yaml(dir.resolve("kustomization.yaml")).path(field));
    }

    private static Set<String> generatorNames(Path dir) {
        Set<String> out = new LinkedHashSet<>();
        yaml(dir.resolve("kustomization.yaml")).path("configMapGenerator").forEach(g -> out.add(g.path("name").asText()));
        return out;
    }

    private static Map<String, String> literals(JsonNode kustomization, String generator) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode g : kustomization.path("configMapGenerator")) {
            if (g.path("name").asText().equals(generator)) {
                for (String lit : strings(g.path("literals"))) {
                    String[] kv = lit.split("=", 2);
                    out.put(kv[0], kv[1]);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> resources(Path dir) {
        List<JsonNode> docs = new ArrayList<>();
        for (String r : listed(dir, "resources")) {
            Path p = dir.resolve(r);
            if (Files.isRegularFile(p)) {
                docs.addAll(yamlDocuments(p));
            }
        }
        return docs;
    }

    private static Set<String> resourceNames(Path dir, String kind) {
        return resources(dir).stream().filter(d -> d.path("kind").asText().equals(kind))
                .map(d -> d.path("metadata").path("name").asText()).collect(Collectors.toSet());
    }

    private static List<Deployment> deployments(Path dir) {
        return resources(dir).stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                .map(d -> (Deployment) strict(d)).toList();
    }

    private static List<PodDisruptionBudget> pdbs() {
        return resources(K8S_BASE).stream().filter(d -> d.path("kind").asText().equals("PodDisruptionBudget"))
                .map(d -> (PodDisruptionBudget) strict(d)).toList();
    }

    /**
     * Reads a manifest into its fabric8 model class and fails on any field the model does not
     * know. fabric8 classes keep unknown fields in {@code additionalProperties} instead of
     * failing, so those maps are checked, recursively, to be empty.
     */
    static HasMetadata strict(JsonNode doc) {
        String kind = doc.path("kind").asText();
        Class<? extends HasMetadata> type = MODEL.get(kind);
        if (type == null) {
            throw new AssertionError("unexpected kind " + kind + " (known: " + MODEL.keySet() + ", ScaledObject)");
        }
        assertThat(doc.path("apiVersion").asText()).as("%s apiVersion", kind).isEqualTo(API_VERSION.get(kind));
        HasMetadata obj;
        try {
            obj = YAML.treeToValue(doc, type);
        } catch (IOException e) {
            throw new AssertionError(kind + " does not deserialize: " + e.getMessage(), e);
        }
        assertThat(obj.getMetadata().getName()).isNotBlank();
        noUnknownFields(obj, kind + "/" + obj.getMetadata().getName());
        return obj;
    }

    private static void noUnknownFields(Object o, String path) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> noUnknownFields(v, path + "." + k));
            return;
        }
        if (o instanceof Iterable<?> list) {
            int i = 0;
            for (Object v : list) {
                noUnknownFields(v, path + "[" + i++ + "]");
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || !(m.getName().startsWith("get") || m.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new AssertionError("unknown field(s) " + extra.keySet() + " at " + path);
                }
                continue;
            }
            noUnknownFields(value, path + "." + m.getName().replaceFirst("^(get|is)", ""));
        }
    }
}
