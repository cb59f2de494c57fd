package io.dcbuild.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.AllowedSources;
import io.dcbuild.operator.builds.SecretForms;
import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.PolicyBuilderSpec;
import io.dcbuild.operator.api.v1alpha1.PolicyRegistryCredentials;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.dcbuild.operator.testing.LocalProxy;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DevContainerBuildPolicy on the real API server (the operator with the shipped RBAC only) with the simulated
 * kubelet, against real servers: a
 * tinyproxy proxy, git over http and over https with a self-signed CA, a registry with htpasswd auth.
 */
@QuarkusTest
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyScenarioTest {

    /** With characters that base64, URL and JSON encode differently, so that every form is swept for. */
    static final String GIT_TOKEN = "git-s3cret/token+4711\"x";
    static final String REGISTRY_PASSWORD = "registry-pa55word-0815";
    static final String POLICY_NAMESPACE = "dcbuild-system";
    static final String DEVCONTAINER = """
            {
              // features are OCI references too
              "build": { "dockerfile": "Dockerfile", },
              "features": { "ghcr.io/devcontainers/features/node:1": {} },
            }
            """;
    static final String DOCKERFILE = """
            ARG BASE=mcr.microsoft.com/devcontainers/base:bookworm
            FROM golang:1.22 AS tools
            RUN go install example.com/tool@latest
            FROM ${BASE}
            COPY --from=tools /go/bin/tool /usr/local/bin/tool
            RUN echo ready
            """;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static LocalRegistry registry;
    static LocalRegistry privateRegistry;
    static GitHttpServer git;
    static TestCertificateAuthority ca;
    static GitHttpServer httpsGit;
    static LocalProxy proxy;
    static EnvbuilderKubeletSimulator kubelet;
    static TestNamespaces namespaces;
    /** On every policy this class creates, so that it removes them when done. */
    static final String POLICY_LABEL = "dcbuild.io/test-class";
    static final List<Pod> createdPods = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startSandbox() {
        if (registry == null) {
            registry = LocalRegistry.startDefault();
            privateRegistry = LocalRegistry.builder().basicAuth("ci", REGISTRY_PASSWORD).start();
            git = GitHttpServer.builder().basicAuth("dev", GIT_TOKEN).start();
            ca = TestCertificateAuthority.create();
            httpsGit = GitHttpServer.builder().https(ca).start();
            proxy = LocalProxy.start();
            kubelet = EnvbuilderKubeletSimulator.onNewNode(client());
            namespaces = new TestNamespaces(client());
            client().pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    createdPods.add(pod);
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                }

                @Override
                public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                }
            });
            // the operator's own namespace (deploy/manifests/operator.yaml), where policies keep shared objects
            client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(POLICY_NAMESPACE)
                    .endMetadata().build()).serverSideApply();
        }
    }

    @AfterAll
    static void stopSandbox() {
        // policies are cluster-scoped: remove this class's, then its namespaces and what is in them
        if (namespaces != null) {
            client().resources(DevContainerBuildPolicy.class).withLabel(POLICY_LABEL, "PolicyScenarioTest").delete();
        }
        Fixtures.closeAll(namespaces, kubelet, proxy, httpsGit, ca, git, privateRegistry, registry);
        registry = null;
        OperatorOnControlPlane.assertOperatorWasNeverForbidden();
    }

    @Test
    @Order(1)
    void operatorTrafficOfGovernedBuildsGoesThroughThePolicyProxyAndOthersDoNot() {
        String proxied = namespace("proxied");
        String direct = namespace("direct");
        DevContainerBuildPolicy policy = policy("proxy-" + COUNTER.incrementAndGet(), proxied);
        ProxySpec proxySpec = new ProxySpec();
        proxySpec.setHttpProxy(proxy.url());
        proxySpec.setHttpsProxy(proxy.url());
        proxySpec.setNoProxy("internal.example.com");
        policy.getSpec().setProxy(proxySpec);
        client().resource(policy).create();

        DevContainerBuild viaProxy = awaitPhase(createBuild(proxied, registry), BuildPhase.Ready);
        DevContainerBuild notViaProxy = awaitPhase(createBuild(direct, registry), BuildPhase.Ready);

        List<String> requests = proxy.requests();
        assertThat(requests).as("ls-remote and preflight fetch of the governed build")
                .anyMatch(r -> r.contains(git.url(proxied) + "/info/refs"));
        String digest = viaProxy.getStatus().getImage().substring(viaProxy.getStatus().getImage().indexOf('@') + 1);
        assertThat(requests).as("registry check of the recorded digest")
                .anyMatch(r -> r.contains(registry.hostPort() + "/v2/" + proxied + "/cache/manifests/" + digest));
        assertThat(requests).as("nothing of the build without a proxy policy")
                .noneMatch(r -> r.contains("/" + direct));
        assertThat(notViaProxy.getStatus().getPolicy()).isNull();
        assertThat(viaProxy.getStatus().getPolicy()).isEqualTo(policy.getMetadata().getName());
    }

    @Test
    @Order(2)
    void gitOverHttpsFailsClearlyWithoutThePolicyCaAndWorksWithIt() {
        String ns = namespace("tls");
        httpsGit.createRepository(ns);
        String commit = httpsGit.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                ".devcontainer/Dockerfile", DOCKERFILE));
        DevContainerBuild build = build(ns, httpsGit.url(ns), registry.hostPort() + "/" + ns + "/cache");
        client().resource(build).create();

        DevContainerBuild untrusted = awaitPhase(ns, BuildPhase.Stalled);
        Condition stalled = condition(untrusted, "Stalled");
        assertThat(stalled.getReason()).isEqualTo("GitTlsUntrusted");
        assertThat(stalled.getMessage()).contains(httpsGit.url(ns)).contains("not trusted").contains("caBundle");

        client().configMaps().inNamespace(POLICY_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("company-ca-" + ns).endMetadata().addToData("ca.crt", ca.caCertificatePem()).build()).create();
        DevContainerBuildPolicy policy = policy("ca-" + COUNTER.incrementAndGet(), ns);
        NamespacedKeyReference caRef = new NamespacedKeyReference();
        caRef.setNamespace(POLICY_NAMESPACE);
        caRef.setName("company-ca-" + ns);
        policy.getSpec().setCaBundle(caRef);
        client().resource(policy).create();

        DevContainerBuild ready = awaitPhase(ns, BuildPhase.Ready);
        assertThat(ready.getStatus().getCommit()).isEqualTo(commit);
        List<Pod> pods = podsOf(ns);
        assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("dcbuild.io/role"))
                .contains("probe", "build", "verify");
        for (Pod pod : pods) {
            Map<String, EnvVar> env = env(pod);
            assertThat(env.get("ENVBUILDER_SSL_CERT_BASE64").getValueFrom().getConfigMapKeyRef().getName())
                    .isEqualTo("app-ca-bundle");
            assertThat(env.get("SSL_CERT_FILE").getValue()).isEqualTo("/var/run/dcbuild/ca/ca.crt");
            assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/run/dcbuild/ca"));
            assertThat(pod.getSpec().getVolumes()).anySatisfy(v ->
                    assertThat(v.getConfigMap().getName()).isEqualTo("app-ca-bundle"));
        }
        assertThat(client().configMaps().inNamespace(ns).withName("app-ca-bundle").get().getData().get("ca.crt"))
                .isEqualTo(ca.caCertificatePem());
    }

    @Test
    @Order(3)
    void policyCredentialsReachAnAuthenticatedRegistryAndPodsCarryEverySettingWithoutSecretValues() {
        String ns = namespace("creds");
        DevContainerBuildPolicy policy = policyWithRegistryCredentials("creds", ns);
        ProxySpec proxySpec = new ProxySpec();
        proxySpec.setHttpProxy(proxy.url());
        proxySpec.setHttpsProxy(proxy.url() + "/");
        proxySpec.setNoProxy("localhost,.svc");
        policy.getSpec().setProxy(proxySpec);
        PolicyBuilderSpec builder = new PolicyBuilderSpec();
        builder.setActiveDeadlineSeconds(1200L);
        builder.setNodeSelector(Map.of("dcbuild.io/builders", "true"));
        builder.setTolerations(List.of(new TolerationBuilder().withKey("builders").withOperator("Exists")
                .withEffect("NoSchedule").build()));
        policy.getSpec().setBuilder(builder);
        client().resource(policy).create();

        DevContainerBuild ready = awaitPhase(createBuild(ns, privateRegistry), BuildPhase.Ready);

        assertThat(ready.getStatus().getImage()).startsWith(privateRegistry.hostPort() + "/" + ns + "/cache@sha256:");
        List<Pod> pods = podsOf(ns);
        assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("dcbuild.io/role"))
                .contains("probe", "build", "verify");
        for (Pod pod : pods) {
            String json = client().getKubernetesSerialization().asJson(pod);
            assertThat(json).doesNotContain(REGISTRY_PASSWORD).doesNotContain(GIT_TOKEN)
                    .doesNotContain(b64("ci:" + REGISTRY_PASSWORD)).doesNotContain(b64(dockerConfig()));
            Map<String, EnvVar> env = env(pod);
            assertThat(env.get("HTTP_PROXY").getValue()).isEqualTo(proxy.url());
            assertThat(env.get("http_proxy").getValue()).isEqualTo(proxy.url());
            assertThat(env.get("HTTPS_PROXY").getValue()).isEqualTo(proxy.url() + "/");
            assertThat(env.get("https_proxy").getValue()).isEqualTo(proxy.url() + "/");
            assertThat(env.get("NO_PROXY").getValue()).isEqualTo("localhost,.svc");
            assertThat(env.get("no_proxy").getValue()).isEqualTo("localhost,.svc");
            assertThat(env.get("ENVBUILDER_GIT_HTTP_PROXY_URL").getValue()).isEqualTo(proxy.url() + "/");
            assertThat(env.get("ENVBUILDER_DOCKER_CONFIG_BASE64").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("app-registry-config");
            assertThat(env.get("ENVBUILDER_GIT_PASSWORD").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo("git");
            assertThat(pod.getSpec().getNodeSelector()).containsEntry("dcbuild.io/builders", "true");
            // the API server's DefaultTolerationSeconds admission adds the not-ready/unreachable ones
            assertThat(pod.getSpec().getTolerations()).filteredOn(t -> !t.getKey().startsWith("node.kubernetes.io/"))
                    .singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("builders"));
            assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(1200L);
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
            assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isFalse();
            assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits()).isNotEmpty();
        }
    }

    @Test
    @Order(4)
    void disallowedSourcesAreRefusedNamingTheReferenceAndNoPodStarts() {
        String ns = namespace("allow");
        String policyName = "allow-" + COUNTER.incrementAndGet();
        DevContainerBuildPolicy policy = policy(policyName, ns);
        AllowedSources allowed = new AllowedSources();
        allowed.setGitUrls(List.of(git.url("allowed-*")));
        allowed.setImages(List.of("mcr.microsoft.com/devcontainers/**", "docker.io/library/golang"));
        allowed.setFeatures(List.of("ghcr.io/devcontainers/features/*"));
        allowed.setCacheRepos(List.of(registry.hostPort() + "/" + ns + "/**"));
        policy.getSpec().setAllowedSources(allowed);
        client().resource(policy).create();

        Map<String, String> cases = new HashMap<>();
        cases.put("base", DOCKERFILE.replace("mcr.microsoft.com/devcontainers/base:bookworm", "quay.io/evil/base:1"));
        cases.put("stage", DOCKERFILE.replace("golang:1.22", "ghcr.io/unknown/golang:1.22"));
        cases.put("feature", DOCKERFILE);
        for (var entry : cases.entrySet()) {
            String repo = "allowed-" + ns + "-" + entry.getKey();
            git.createRepository(repo);
            String devcontainer = entry.getKey().equals("feature")
                    ? DEVCONTAINER.replace("ghcr.io/devcontainers/features/node:1", "ghcr.io/random/features/miner:1")
                    : DEVCONTAINER;
            git.commit(repo, "main", Map.of(".devcontainer/devcontainer.json", devcontainer,
                    ".devcontainer/Dockerfile", entry.getValue()));
            DevContainerBuild build = build(ns, git.url(repo), registry.hostPort() + "/" + ns + "/cache");
            build.getMetadata().setName(entry.getKey());
            client().resource(build).create();
        }
        DevContainerBuild cache = build(ns, git.url("allowed-" + ns + "-base"), "127.0.0.1:1/elsewhere/cache");
        cache.getMetadata().setName("cache");
        client().resource(cache).create();
        git.createRepository("forbidden-" + ns);
        DevContainerBuild host = build(ns, git.url("forbidden-" + ns), registry.hostPort() + "/" + ns + "/cache");
        host.getMetadata().setName("host");
        client().resource(host).create();

        assertRefused(ns, "base", "BASE_IMAGE quay.io/evil/base:1", policyName);
        assertRefused(ns, "stage", "STAGE_IMAGE ghcr.io/unknown/golang:1.22", policyName);
        assertRefused(ns, "feature", "FEATURE ghcr.io/random/features/miner:1", policyName);
        assertRefused(ns, "cache", "cache repository 127.0.0.1:1/elsewhere/cache", policyName);
        assertRefused(ns, "host", "git repository " + git.url("forbidden-" + ns), policyName);
        DevContainerBuild base = get(ns, "base");
        assertThat(base.getStatus().getReferences()).extracting(r -> r.getKind() + " " + r.getReference())
                .contains("BASE_IMAGE quay.io/evil/base:1", "STAGE_IMAGE golang:1.22",
                        "FEATURE ghcr.io/devcontainers/features/node:1");
        assertThat(podsOf(ns)).isEmpty();

        // A policy change lets the refused base image in, without touching the build.
        long generation = base.getMetadata().getGeneration();
        // as kubectl patch --type merge does: no resourceVersion, so the operator's status writes do not conflict
        client().resources(DevContainerBuildPolicy.class).withName(policyName).patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"allowedSources\":{\"images\":["
                        + "\"mcr.microsoft.com/devcontainers/**\",\"docker.io/library/golang\",\"quay.io/evil/*\"]}}}");
        DevContainerBuild ready = awaitPhase(ns, "base", BuildPhase.Ready);
        assertThat(ready.getMetadata().getGeneration()).isEqualTo(generation);
        assertThat(condition(ready, "PolicyCompliant").getStatus()).isEqualTo("True");
    }

    @Test
    @Order(5)
    void buildWithoutCacheRepoUsesThePolicyDefault() {
        String ns = namespace("defaults");
        DevContainerBuildPolicy policy = policy("defaults-" + COUNTER.incrementAndGet(), ns);
        io.dcbuild.operator.api.v1alpha1.BuildDefaults defaults = new io.dcbuild.operator.api.v1alpha1.BuildDefaults();
        defaults.setCacheRepo(registry.hostPort() + "/shared/cache");
        defaults.setCacheTtlDays(3);
        policy.getSpec().setDefaults(defaults);
        client().resource(policy).create();
        git.createRepository(ns);
        git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                ".devcontainer/Dockerfile", DOCKERFILE));
        DevContainerBuild build = build(ns, git.url(ns), null);
        build.getSpec().setCache(null);
        client().resource(build).create();

        DevContainerBuild ready = awaitPhase(ns, BuildPhase.Ready);

        assertThat(ready.getStatus().getImage()).startsWith(registry.hostPort() + "/shared/cache@sha256:");
        assertThat(env(podsOf(ns).get(0)).get("ENVBUILDER_CACHE_TTL_DAYS").getValue()).isEqualTo("3");
    }

    @Test
    @Order(100)
    void noSecretValueAppearsInLogsEventsOrStatuses() throws Exception {
        // every form a secret takes in a server's or a tool's words (raw, base64, URL-safe base64, URL-encoded,
        // JSON-escaped), of the passwords and of the user:password pairs basic authentication sends
        java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
        secrets.addAll(SecretForms.ofBasicAuth("dev", GIT_TOKEN));
        secrets.addAll(SecretForms.ofBasicAuth("ci", REGISTRY_PASSWORD));
        secrets.add(b64(dockerConfig()));
        StringBuilder everything = new StringBuilder();
        var json = client().getKubernetesSerialization();
        client().pods().inAnyNamespace().list().getItems()
                .forEach(pod -> everything.append(json.asJson(pod.getSpec())).append('\n'));
        client().resources(DevContainerBuild.class).inAnyNamespace().list().getItems()
                .forEach(b -> everything.append(json.asJson(b.getStatus())).append('\n'));
        client().resources(DevContainerBuildPolicy.class).list().getItems()
                .forEach(p -> everything.append(json.asJson(p.getStatus())).append('\n'));
        client().v1().events().inAnyNamespace().list().getItems()
                .forEach(e -> everything.append(e.getReason()).append(' ').append(e.getMessage()).append('\n'));
        Path log = Path.of("target/quarkus-test.log");
        assertThat(log).as("the operator's log file of this test run").exists();
        everything.append(Files.readString(log));
        assertThat(everything.length()).isGreaterThan(1000);
        for (String secret : secrets) {
            assertThat(everything.toString()).as("secret value in logs, Events, status or pod specs: " + secret)
                    .doesNotContain(secret);
        }
    }

    @Test
    @Order(7)
    void labellingANamespaceBringsItsBuildsUnderAPolicyAtOnce() {
        String ns = namespace("relabel");
        createBuild(ns, registry);
        awaitPhase(ns, BuildPhase.Ready);
        String policyName = "relabel-" + COUNTER.incrementAndGet();
        DevContainerBuildPolicy policy = policy(policyName, "relabel-target-" + ns);
        AllowedSources allowed = new AllowedSources();
        allowed.setGitUrls(List.of("https://git.example.com/**"));
        policy.getSpec().setAllowedSources(allowed);
        client().resource(policy).create();

        // no poll is due (interval 5m): the namespace informer brings the re-evaluation
        client().namespaces().withName(ns).edit(n -> {
            n.getMetadata().getLabels().put("dcbuild.io/team", "relabel-target-" + ns);
            return n;
        });

        assertRefused(ns, "app", "git repository " + git.url(ns), policyName);
    }

    @Test
    @Order(8)
    void anInvalidPolicyHoldsTheBuildsItCouldGovernUntilItIsFixed() {
        String ns = namespace("held");
        String policyName = "held-" + COUNTER.incrementAndGet();
        DevContainerBuildPolicy policy = policy(policyName, ns);
        // a value the API server admits (the schema cannot say it) and the operator refuses: an unpinned image
        PolicyBuilderSpec unpinned = new PolicyBuilderSpec();
        unpinned.setImage("ghcr.io/coder/envbuilder:latest");
        policy.getSpec().setBuilder(unpinned);
        AllowedSources allowed = new AllowedSources();
        allowed.setGitUrls(List.of());
        policy.getSpec().setAllowedSources(allowed);
        client().resource(policy).create();
        createBuild(ns, registry);

        DevContainerBuild held = awaitPhase(ns, BuildPhase.Stalled);

        Condition stalled = condition(held, "Stalled");
        assertThat(stalled.getReason()).isEqualTo("PolicyInvalid");
        assertThat(stalled.getMessage()).contains(policyName, "spec.builder.image", "pinned by digest");
        assertThat(podsOf(ns)).isEmpty();
        DevContainerBuildPolicy reported = await().atMost(Duration.ofSeconds(30)).until(
                () -> client().resources(DevContainerBuildPolicy.class).withName(policyName).get(),
                p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions()
                        .stream().anyMatch(c -> c.getType().equals("Ready") && c.getReason().equals("InvalidSpec")));
        assertThat(reported.getStatus().getConditions().toString()).contains("envbuilder:latest");

        client().resources(DevContainerBuildPolicy.class).withName(policyName).edit(p -> {
            p.getSpec().getBuilder().setImage("ghcr.io/coder/envbuilder@sha256:" + "b".repeat(64));
            return p;
        });

        // valid now, it governs the namespace and allows no git repository
        assertRefused(ns, "app", "git repository " + git.url(ns), policyName);
    }

    /**
     * Policies and their builds applied together, as one {@code kubectl apply -f dir/} or a GitOps sync does: the
     * operator's caches of the two kinds fill through separate watches, so a build may be seen before its policy.
     * No build may run ungoverned meanwhile: every one is refused by its policy, and no pod starts.
     */
    @Test
    @Order(9)
    void buildsAppliedTogetherWithTheirPolicyNeverRunWithoutIt() {
        List<String> spaces = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String ns = namespace("together");
            git.createRepository(ns);
            git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                    ".devcontainer/Dockerfile", DOCKERFILE));
            spaces.add(ns);
        }
        for (String ns : spaces) {
            DevContainerBuildPolicy policy = policy("together-" + ns, ns);
            AllowedSources allowed = new AllowedSources();
            allowed.setGitUrls(List.of());
            policy.getSpec().setAllowedSources(allowed);
            client().resource(policy).create();
            client().resource(build(ns, git.url(ns), registry.hostPort() + "/" + ns + "/cache")).create();
        }

        for (String ns : spaces) {
            assertRefused(ns, "app", "git repository " + git.url(ns), "together-" + ns);
        }
        assertThat(spaces.stream().flatMap(ns -> podsOf(ns).stream()).toList())
                .as("pods of builds whose policy refuses them").isEmpty();
    }

    /**
     * A build whose own registry Secret the registry refuses (a rotated password), in a namespace where another build
     * of the same cache key recorded the image: the operator's check of that image is refused with 401. That is the
     * build's credentials, not an outage: it stalls naming the Secret (no endless TransientError), starts no pod, and
     * the fixed Secret brings it to Ready from the recorded image.
     */
    @Test
    @Order(10)
    void credentialsTheRegistryRefusesStallTheBuildUntilTheSecretIsFixed() {
        String ns = namespace("rotated");
        client().resource(policyWithRegistryCredentials("rotated", ns)).create();
        DevContainerBuild first = awaitPhase(createBuild(ns, privateRegistry), BuildPhase.Ready);
        int podsBefore = podsOf(ns).size();

        String stale = "{\"auths\":{\"" + privateRegistry.hostPort() + "\":{\"auth\":\"" + b64("ci:an-old-password")
                + "\"}}}";
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("stale-registry")
                .endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64(stale))).build()).create();
        DevContainerBuild second = build(ns, git.url(ns), privateRegistry.hostPort() + "/" + ns + "/cache");
        second.getMetadata().setName("second");
        second.getSpec().setRegistryCredentialsSecretRef(new io.dcbuild.operator.api.v1alpha1.SecretReference(
                "stale-registry"));
        client().resource(second).create();

        DevContainerBuild stalled = awaitPhase(ns, "second", BuildPhase.Stalled);
        Condition condition = condition(stalled, "Stalled");
        assertThat(condition.getReason()).isEqualTo("RegistryAuthenticationFailed");
        assertThat(condition.getMessage()).contains("spec.registryCredentialsSecretRef stale-registry")
                .contains(first.getStatus().getImage()).contains("401")
                .doesNotContain("an-old-password").doesNotContain(b64("ci:an-old-password"));
        assertThat(podsOf(ns)).as("no pod for the refused build").hasSize(podsBefore);

        client().secrets().inNamespace(ns).withName("stale-registry").edit(secret -> {
            secret.setData(Map.of(".dockerconfigjson", b64(dockerConfig())));
            return secret;
        });
        DevContainerBuild ready = awaitPhase(ns, "second", BuildPhase.Ready);
        assertThat(ready.getStatus().getImage()).isEqualTo(first.getStatus().getImage());
        assertThat(condition(ready, "Ready").getReason()).isEqualTo("CacheHit");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static KubernetesClient client() {
        return ControlPlane.shared().admin();
    }

    private String namespace(String prefix) {
        String ns = prefix + "-" + COUNTER.incrementAndGet();
        namespaces.create(ns, Map.of("dcbuild.io/team", ns));
        client().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("git")
                .endMetadata().withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64("dev"), "password", b64(GIT_TOKEN))).build()).create();
        return ns;
    }

    private static DevContainerBuildPolicy policy(String name, String namespace) {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName(name);
        policy.getMetadata().setLabels(Map.of(POLICY_LABEL, "PolicyScenarioTest"));
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("dcbuild.io/team", namespace).build());
        policy.setSpec(spec);
        return policy;
    }

    /**
     * A policy selecting {@code ns} whose registry credentials (the private registry's) are in a Secret of the
     * policy namespace, created here.
     */
    private DevContainerBuildPolicy policyWithRegistryCredentials(String prefix, String ns) {
        client().secrets().inNamespace(POLICY_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("registry-" + ns).endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64(dockerConfig()))).build()).create();
        DevContainerBuildPolicy policy = policy(prefix + "-" + COUNTER.incrementAndGet(), ns);
        NamespacedKeyReference secretRef = new NamespacedKeyReference();
        secretRef.setKind("Secret");
        secretRef.setNamespace(POLICY_NAMESPACE);
        secretRef.setName("registry-" + ns);
        PolicyRegistryCredentials credentials = new PolicyRegistryCredentials();
        credentials.setSecretRef(secretRef);
        policy.getSpec().setRegistryCredentials(credentials);
        return policy;
    }

    private String createBuild(String ns, LocalRegistry target) {
        git.createRepository(ns);
        git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER,
                ".devcontainer/Dockerfile", DOCKERFILE));
        client().resource(build(ns, git.url(ns), target.hostPort() + "/" + ns + "/cache")).create();
        return ns;
    }

    private static DevContainerBuild build(String ns, String url, String cacheRepo) {
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("app");
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(url);
        source.setRef("main");
        if (url.startsWith("http://")) {
            source.setCredentialsSecretRef(new io.dcbuild.operator.api.v1alpha1.SecretReference("git"));
        }
        spec.setSource(source);
        CacheSpec cache = new CacheSpec();
        cache.setRepo(cacheRepo);
        spec.setCache(cache);
        build.setSpec(spec);
        return build;
    }

    private DevContainerBuild get(String ns, String name) {
        return client().resources(DevContainerBuild.class).inNamespace(ns).withName(name).get();
    }

    private DevContainerBuild awaitPhase(String ns, BuildPhase phase) {
        return awaitPhase(ns, "app", phase);
    }

    private DevContainerBuild awaitPhase(String ns, String name, BuildPhase phase) {
        return await("build " + ns + "/" + name + " reaching " + phase).atMost(Duration.ofSeconds(60))
                .until(() -> get(ns, name), b -> b != null && b.getStatus() != null && b.getStatus().getPhase() == phase);
    }

    private void assertRefused(String ns, String name, String reference, String policyName) {
        // a build may be Stalled for another reason before (an invalid policy): wait for this refusal
        DevContainerBuild refused = await("build " + ns + "/" + name + " refused by policy " + policyName)
                .atMost(Duration.ofSeconds(60)).until(() -> get(ns, name), b -> b != null && b.getStatus() != null
                        && b.getStatus().getPhase() == BuildPhase.Stalled && b.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals("PolicyCompliant")
                                        && "PolicyViolation".equals(c.getReason())
                                        && c.getMessage().contains("policy " + policyName)));
        Condition compliant = condition(refused, "PolicyCompliant");
        assertThat(compliant.getStatus()).isEqualTo("False");
        assertThat(compliant.getReason()).isEqualTo("PolicyViolation");
        assertThat(compliant.getMessage()).contains(reference).contains("policy " + policyName);
        assertThat(condition(refused, "Stalled").getStatus()).isEqualTo("True");
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + build.getStatus().getConditions()));
    }

    private static List<Pod> podsOf(String ns) {
        return new ArrayList<>(createdPods.stream().filter(p -> p.getMetadata().getNamespace().equals(ns)).toList());
    }

    private static Map<String, EnvVar> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
    }

    private static String dockerConfig() {
        return "{\"auths\":{\"" + privateRegistry.hostPort() + "\":{\"auth\":\"" + b64("ci:" + REGISTRY_PASSWORD)
                + "\"}}}";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
