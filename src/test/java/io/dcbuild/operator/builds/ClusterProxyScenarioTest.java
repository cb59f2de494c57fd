package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.ProxySpec;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalProxy;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.EstablishedCrd;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The OpenShift cluster proxy (README "OpenShift cluster proxy"): {@code config.openshift.io/v1} Proxy {@code cluster}
 * served by the real API server from a minimal CRD, its status pointing at a real tinyproxy, and the trusted CA
 * bundle in the ConfigMap OpenShift would fill. On a control plane of its own: the CRD and the object would reach the
 * operator the Quarkus tests of this JVM run on the shared one. The operator holds the shipped ServiceAccount's token
 * ({@code deploy/manifests/operator.yaml}); the audit log must show no request RBAC refused, without the API and with it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProxyScenarioTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(90);
    private static final String OPERATOR_NAMESPACE = "dcbuild-system";
    private static final String TRUSTED_CA = "devcontainer-build-operator-trusted-ca";
    /** As OpenShift computes status.noProxy, with a blank and a repeated entry the operator drops. */
    private static final String CLUSTER_NO_PROXY = ".cluster.local,.svc, ,10.128.0.0/14,.svc";

    static ControlPlane controlPlane;
    static OperatorInstallation installation;
    static LocalRegistry registry;
    static GitHttpServer git;
    static LocalProxy clusterProxy;
    static LocalProxy otherProxy;
    static TestCertificateAuthority ca;
    static EnvbuilderKubeletSimulator kubelet;
    static CreatedPods createdPods;
    static TestNamespaces namespaces;
    static StandaloneOperator operator;

    @BeforeAll
    static void startSandbox() {
        controlPlane = ControlPlane.startPrivate("cluster-proxy");
        installation = OperatorInstallation.install(controlPlane);
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.start();
        clusterProxy = LocalProxy.start();
        otherProxy = LocalProxy.start();
        ca = TestCertificateAuthority.create();
        kubelet = EnvbuilderKubeletSimulator.onNewNode(admin());
        createdPods = new CreatedPods(admin());
        namespaces = new TestNamespaces(admin());
    }

    @AfterAll
    static void stopSandbox() {
        Fixtures.closeAll(operator, namespaces, createdPods, kubelet, ca, otherProxy, clusterProxy, git, registry,
                controlPlane);
    }

    @Test
    @Order(1)
    void withoutTheOpenShiftApiBuildsAreAsBeforeAndNothingIsRefused() {
        operator = StandaloneOperator.startWithClusterTrustedCa(controlPlane, installation.token(),
                OPERATOR_NAMESPACE + "/" + TRUSTED_CA);
        String ns = namespaces.create("plain");

        DevContainerBuild ready = buildUntilReady(ns);

        assertThat(pods(ns)).isNotEmpty().allSatisfy(pod -> assertThat(env(pod)).doesNotContainKeys("HTTP_PROXY",
                "HTTPS_PROXY", "NO_PROXY", "ENVBUILDER_GIT_HTTP_PROXY_URL", "SSL_CERT_FILE"));
        assertThat(condition(ready, "PolicyCompliant").getMessage()).isEqualTo("no policy selects this namespace");
        assertThat(clusterProxy.requests()).isEmpty();
        assertThat(git.clientRequests()).filteredOn(r -> r.line().contains("/" + ns + ".git/"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.via()).isEmpty());
        assertThat(controlPlane.auditLog().countOn(installation.user(), OPERATOR_NAMESPACE, TRUSTED_CA))
                .as("the trusted CA ConfigMap is not read where there is no cluster proxy").isZero();
        assertNothingRefused();
        operator.stop();
    }

    @Test
    @Order(2)
    void buildsNoPolicySetsAProxyForUseTheClusterProxyAndItsTrustedCa() throws Exception {
        installProxyCrd();
        proxies().resource(proxyObject()).create();
        setClusterProxy(clusterProxy.url(), clusterProxy.url(), CLUSTER_NO_PROXY);
        // what OpenShift's network operator does with the ConfigMap the chart creates
        admin().configMaps().inNamespace(OPERATOR_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(TRUSTED_CA).addToLabels("config.openshift.io/inject-trusted-cabundle", "true").endMetadata()
                .addToData("ca-bundle.crt", ca.caCertificatePem()).build()).create();
        operator = StandaloneOperator.startWithClusterTrustedCa(controlPlane, installation.token(),
                OPERATOR_NAMESPACE + "/" + TRUSTED_CA);
        String ns = namespaces.create("cluster");

        DevContainerBuild ready = buildUntilReady(ns);

        assertThat(condition(ready, "PolicyCompliant").getMessage()).isEqualTo("no policy selects this namespace; "
                + "proxy: the cluster's (config.openshift.io/v1 Proxy cluster), as no policy of this namespace sets one");
        List<Pod> pods = pods(ns);
        assertThat(pods).extracting(p -> p.getMetadata().getLabels().get("dcbuild.io/role"))
                .contains("probe", "build", "verify");
        for (Pod pod : pods) {
            Map<String, EnvVar> env = env(pod);
            assertThat(env.get("HTTP_PROXY").getValue()).isEqualTo(clusterProxy.url());
            assertThat(env.get("https_proxy").getValue()).isEqualTo(clusterProxy.url());
            assertThat(env.get("NO_PROXY").getValue()).isEqualTo(".cluster.local,.svc,10.128.0.0/14");
            assertThat(env.get("no_proxy").getValue()).isEqualTo(".cluster.local,.svc,10.128.0.0/14");
            assertThat(env.get("ENVBUILDER_GIT_HTTP_PROXY_URL").getValue()).isEqualTo(clusterProxy.url());
            assertThat(env.get("SSL_CERT_FILE").getValue()).isEqualTo("/var/run/dcbuild/ca/ca.crt");
            assertThat(env).doesNotContainKey("ENVBUILDER_SSL_CERT_BASE64");
        }
        assertThat(admin().configMaps().inNamespace(ns).withName("app-ca-bundle").get().getData().get("ca.crt"))
                .as("the cluster's trusted bundle, copied for the pods").isEqualTo(ca.caCertificatePem());
        // the operator's own ls-remote and preflight fetch went through the cluster proxy
        assertThat(clusterProxy.requests()).anyMatch(r -> r.contains(git.url(ns) + "/info/refs"));
        assertThat(git.clientRequests()).filteredOn(r -> r.line().contains("/" + ns + ".git/info/refs")
                        && r.userAgent().contains("JGit"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.via()).as("Via of %s", r.line()).isPresent());
        String digest = ready.getStatus().getImage().substring(ready.getStatus().getImage().indexOf('@') + 1);
        assertThat(clusterProxy.requests()).as("the registry check of the recorded digest")
                .anyMatch(r -> r.contains(registry.hostPort() + "/v2/" + ns + "/cache/manifests/" + digest));
        assertNothingRefused();
    }

    @Test
    @Order(3)
    void aPolicyProxyWinsWholly() {
        String ns = namespaces.create("governed", Map.of("proxy-test", "governed"));
        ProxySpec proxy = new ProxySpec();
        proxy.setHttpProxy(otherProxy.url());
        proxy.setHttpsProxy(otherProxy.url());
        proxy.setNoProxy("internal.example.com");
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("governed-proxy");
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("proxy-test", "governed").build());
        spec.setProxy(proxy);
        policy.setSpec(spec);
        admin().resource(policy).create();

        DevContainerBuild ready = buildUntilReady(ns);

        assertThat(condition(ready, "PolicyCompliant").getMessage()).isEqualTo("complies with policy governed-proxy");
        for (Pod pod : pods(ns)) {
            Map<String, EnvVar> env = env(pod);
            assertThat(env.get("HTTPS_PROXY").getValue()).isEqualTo(otherProxy.url());
            assertThat(env.get("NO_PROXY").getValue()).as("not merged with the cluster's noProxy")
                    .isEqualTo("internal.example.com");
            assertThat(env).as("nor the cluster's CA bundle").doesNotContainKeys("SSL_CERT_FILE",
                    "ENVBUILDER_SSL_CERT_BASE64");
        }
        assertThat(otherProxy.requests()).anyMatch(r -> r.contains(git.url(ns) + "/info/refs"));
        assertThat(clusterProxy.requests()).noneMatch(r -> r.contains("/" + ns));
        assertNothingRefused();
    }

    @Test
    @Order(4)
    void aClusterProxyThatCannotBeUsedHoldsBuildsUntilFixedAndAChangeReachesTheNextRun() {
        String ns = namespaces.create("changes");
        setClusterProxy("http://proxy-user:pr0xy-s3cret@" + clusterProxy.hostPort(), "", CLUSTER_NO_PROXY);
        DevContainerBuild build = build(ns);
        admin().resource(build).create();

        DevContainerBuild held = awaitPhase(ns, BuildPhase.Stalled);
        Condition stalled = condition(held, "Stalled");
        assertThat(stalled.getReason()).isEqualTo("ClusterProxyInvalid");
        assertThat(stalled.getMessage()).contains("status.httpProxy of config.openshift.io/v1 Proxy cluster holds "
                + "credentials").doesNotContain("pr0xy-s3cret").doesNotContain("proxy-user");
        assertThat(pods(ns)).isEmpty();

        // fixed: the change of the Proxy re-evaluates the build at once (its poll interval is an hour)
        setClusterProxy(otherProxy.url(), "", CLUSTER_NO_PROXY);
        awaitPhase(ns, BuildPhase.Ready);
        assertThat(pods(ns)).isNotEmpty().allSatisfy(pod -> {
            assertThat(env(pod).get("HTTP_PROXY").getValue()).isEqualTo(otherProxy.url());
            assertThat(env(pod)).doesNotContainKey("HTTPS_PROXY");
        });
        assertNothingRefused();
    }

    private static DevContainerBuild buildUntilReady(String ns) {
        admin().resource(build(ns)).create();
        return awaitPhase(ns, BuildPhase.Ready);
    }

    private static DevContainerBuild build(String ns) {
        DevContainerBuildScenarioTest.devcontainerRepository(git, ns, DevContainerBuildScenarioTest.DOCKERFILE);
        DevContainerBuild build = DevContainerBuildScenarioTest.build(ns, "app", git.url(ns), "main",
                registry.hostPort() + "/" + ns + "/cache");
        build.getSpec().setPollInterval("1h");
        return build;
    }

    private static DevContainerBuild awaitPhase(String ns, BuildPhase phase) {
        Resource<DevContainerBuild> build = admin().resources(DevContainerBuild.class).inNamespace(ns).withName("app");
        await(ns + "/app " + phase).atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            DevContainerBuild now = build.get();
            assertThat(now.getStatus()).as("status of %s/app", ns).isNotNull();
            assertThat(now.getStatus().getPhase()).as("phase of %s/app: %s", ns, now.getStatus().getConditions())
                    .isEqualTo(phase);
        });
        return build.get();
    }

    private static void installProxyCrd() throws Exception {
        try (InputStream in = ClusterProxyScenarioTest.class.getResourceAsStream(
                "/crds/proxies.config.openshift.io.yaml")) {
            CustomResourceDefinition crd = admin().apiextensions().v1().customResourceDefinitions().load(in).item();
            admin().resource(crd).create();
            EstablishedCrd.await(admin(), crd);
        }
    }

    private static GenericKubernetesResource proxyObject() {
        GenericKubernetesResource proxy = new GenericKubernetesResourceBuilder()
                .withApiVersion("config.openshift.io/v1").withKind("Proxy")
                .withNewMetadata().withName("cluster").endMetadata().build();
        proxy.setAdditionalProperty("spec", Map.of("trustedCA", Map.of("name", "user-ca-bundle")));
        return proxy;
    }

    /** Writes the Proxy's status as OpenShift's network operator does (the status subresource). */
    private static void setClusterProxy(String httpProxy, String httpsProxy, String noProxy) {
        GenericKubernetesResource proxy = proxies().withName("cluster").get();
        Map<String, Object> status = new HashMap<>();
        status.put("httpProxy", httpProxy);
        status.put("httpsProxy", httpsProxy);
        status.put("noProxy", noProxy);
        proxy.setAdditionalProperty("status", status);
        proxies().resource(proxy).updateStatus();
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> proxies() {
        return admin().genericKubernetesResources("config.openshift.io/v1", "Proxy");
    }

    private static void assertNothingRefused() {
        assertThat(controlPlane.auditLog().forbiddenByRbac(installation.user()))
                .as("requests of the operator that RBAC refused").isEmpty();
    }

    private static List<Pod> pods(String ns) {
        return createdPods.in(ns);
    }

    private static Map<String, EnvVar> env(Pod pod) {
        return pod.getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a));
    }

    private static Condition condition(DevContainerBuild build, String type) {
        return build.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " on " + build.getMetadata().getName()));
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }
}
