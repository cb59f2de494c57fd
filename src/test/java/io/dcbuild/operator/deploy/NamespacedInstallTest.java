package io.dcbuild.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.CacheSpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicySpec;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildRun;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import io.dcbuild.operator.api.v1alpha1.NamespacedKeyReference;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.api.v1alpha1.SecretReference;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.testing.EnvbuilderKubeletSimulator;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.LocalRegistry;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import io.dcbuild.operator.testing.controlplane.AuditLog;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A namespaced install on a control plane of its own (real etcd, kube-apiserver with RBAC, kube-controller-manager):
 * the ServiceAccount and RBAC that the chart renders with {@code watchNamespaces} (a Role per watched namespace, the
 * small ClusterRole, the Roles for policy material and policy Events), and the operator's build, run and policy
 * controllers holding that ServiceAccount's token, serving the watched namespace only ({@link StandaloneOperator},
 * configured as {@code DCBUILD_WATCH_NAMESPACES} configures the Quarkus operator).
 *
 * <p>Both namespaces carry the label the policy selects, hold the same kind of build with a git credential Secret and
 * a registry Secret, and the policy names a CA bundle in the release namespace and runs retention, so that each Role
 * and the ClusterRole of the namespaced install is put to use. The build in the watched namespace becomes Ready; the
 * other one is never touched, and the API server's audit log shows no request RBAC refused and none about the other
 * namespace at all.
 */
class NamespacedInstallTest {

    private static final String RELEASE = "dcbuild";
    private static final String RELEASE_NAMESPACE = "dcbuild-system";
    private static final String SERVED = "team-served";
    private static final String OTHER = "team-other";
    private static final String TENANT_LABEL = "dcbuild.io/tenant";
    private static final String GIT_TOKEN = "namespaced-git-token";
    private static final Duration CONVERGENCE = Duration.ofSeconds(90);
    private static final String DEVCONTAINER_JSON = """
            { "build": { "dockerfile": "Dockerfile" } }
            """;
    private static final String DOCKERFILE = """
            FROM mcr.microsoft.com/devcontainers/base:bookworm
            RUN echo ready > /etc/sample
            """;

    static ControlPlane controlPlane;
    static OperatorInstallation installation;
    static TestNamespaces namespaces;
    static LocalRegistry registry;
    static GitHttpServer git;
    static TestCertificateAuthority ca;
    static EnvbuilderKubeletSimulator kubelet;

    @BeforeAll
    static void installNamespaced() {
        controlPlane = ControlPlane.startPrivate("namespaced");
        namespaces = new TestNamespaces(admin());
        // the Roles of a namespaced install go into namespaces that exist already
        namespaces.create(SERVED, Map.of(TENANT_LABEL, "true"));
        namespaces.create(OTHER, Map.of(TENANT_LABEL, "true"));
        installation = OperatorInstallation.installChart(controlPlane, RELEASE, RELEASE_NAMESPACE,
                "watchNamespaces={" + SERVED + "}");
        registry = LocalRegistry.startDefault();
        git = GitHttpServer.builder().basicAuth("dev", GIT_TOKEN).start();
        ca = TestCertificateAuthority.create();
        kubelet = EnvbuilderKubeletSimulator.onNewNode(admin());
    }

    @AfterAll
    static void removeSandbox() {
        Fixtures.closeAll(namespaces, kubelet, ca, git, registry, controlPlane);
    }

    @Test
    void servesTheWatchedNamespaceWithTheChartsNamespacedRightsAndNeverTouchesAnother() {
        admin().configMaps().inNamespace(RELEASE_NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("corporate-ca").endMetadata().addToData("ca.crt", ca.caCertificatePem()).build()).create();
        admin().resource(tenantPolicy()).create();
        for (String ns : List.of(SERVED, OTHER)) {
            prepareBuild(ns);
        }

        try (StandaloneOperator operator = StandaloneOperator.startServing(controlPlane, installation.token(),
                WatchedNamespaces.only(List.of(SERVED)))) {
            await("the build in the watched namespace " + SERVED + " Ready").atMost(CONVERGENCE)
                    .failFast("RBAC refused the operator a request", NamespacedInstallTest::refusedAnything)
                    .until(() -> phaseOf(SERVED) == BuildPhase.Ready);
            assertThat(admin().configMaps().inNamespace(SERVED).withName("app-ca-bundle").get())
                    .as("the policy's CA bundle copied into the build's namespace").isNotNull();
            assertThat(admin().secrets().inNamespace(SERVED).withName("app-registry-config").get())
                    .as("the derived registry Secret").isNotNull();

            // a retention run now that the build records its image: the builds' registry Secrets, every build
            // listed for the marks, an Event about the policy in default
            admin().resources(DevContainerBuildPolicy.class).withName("tenants").edit(policy -> {
                policy.getMetadata().setAnnotations(Map.of(DevContainerBuildPolicy.RETENTION_RUN_ANNOTATION, "now"));
                return policy;
            });
            DevContainerBuildPolicy policy = await("the requested retention run").atMost(CONVERGENCE)
                    .failFast("RBAC refused the operator a request", NamespacedInstallTest::refusedAnything).until(
                    () -> admin().resources(DevContainerBuildPolicy.class).withName("tenants").get(),
                    p -> p.getStatus() != null && p.getStatus().getRetention() != null
                            && "now".equals(p.getStatus().getRetention().getRunRequest()));
            assertThat(policy.getStatus().getSelectedNamespaces())
                    .as("the selector matches both namespaces; the operator reports the one it serves")
                    .containsExactly(SERVED);
            assertThat(policy.getStatus().getGovernedBuilds()).isEqualTo(1);
            assertThat(policy.getStatus().getConditions()).anySatisfy(condition -> {
                assertThat(condition.getType()).isEqualTo("RetentionSucceeded");
                assertThat(condition.getStatus()).isEqualTo("True");
                assertThat(condition.getReason()).isEqualTo("DryRun");
            });
            await("the Event about the policy in default").atMost(CONVERGENCE).until(() -> admin().v1().events()
                    .inNamespace("default").list().getItems().stream().map(Event::getInvolvedObject)
                    .anyMatch(about -> "tenants".equals(about.getName())));
        }

        assertThat(admin().resources(DevContainerBuild.class).inNamespace(OTHER).withName("app").get().getStatus())
                .as("the build in the namespace not served has no status").isNull();
        assertThat(names(admin().resources(DevContainerBuildRun.class).inNamespace(OTHER).list().getItems()))
                .as("runs in " + OTHER).isEmpty();
        assertThat(names(admin().pods().inNamespace(OTHER).list().getItems())).as("pods in " + OTHER).isEmpty();
        assertThat(names(admin().secrets().inNamespace(OTHER).list().getItems())).as("Secrets in " + OTHER)
                .containsExactlyInAnyOrder("git", "registry");
        assertThat(names(admin().configMaps().inNamespace(OTHER).list().getItems())).as("ConfigMaps in " + OTHER)
                .doesNotContain("app-ca-bundle");

        AuditLog audit = controlPlane.auditLog();
        String operator = installation.user();
        System.out.println("NamespacedInstallTest: the operator's requests in " + SERVED + ": "
                + audit.countsIn(operator, SERVED));
        System.out.println("NamespacedInstallTest: its cluster-scoped requests: " + audit.countsIn(operator, ""));
        System.out.println("NamespacedInstallTest: in " + RELEASE_NAMESPACE + ": "
                + audit.countsIn(operator, RELEASE_NAMESPACE) + "; in default: " + audit.countsIn(operator, "default"));
        assertThat(audit.countsIn(operator, SERVED)).as("requests in the served namespace").isNotEmpty();
        assertThat(audit.forbiddenByRbac(operator)).as("requests of %s that RBAC refused", operator).isEmpty();
        assertThat(audit.countsIn(operator, OTHER)).as("requests of %s about the namespace it does not serve",
                operator).isEmpty();
    }

    /** Selects both namespaces by label; its CA bundle is in the release namespace; retention in dry-run. */
    private static DevContainerBuildPolicy tenantPolicy() {
        DevContainerBuildPolicy policy = new DevContainerBuildPolicy();
        policy.getMetadata().setName("tenants");
        DevContainerBuildPolicySpec spec = new DevContainerBuildPolicySpec();
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels(TENANT_LABEL, "true").build());
        NamespacedKeyReference caBundle = new NamespacedKeyReference();
        caBundle.setNamespace(RELEASE_NAMESPACE);
        caBundle.setName("corporate-ca");
        spec.setCaBundle(caBundle);
        RetentionSpec retention = new RetentionSpec();
        retention.setEnabled(true);
        retention.setDryRun(true);
        spec.setRetention(retention);
        policy.setSpec(spec);
        return policy;
    }

    /** A repository, a git credential Secret, a registry Secret and the build "app" that names them, in {@code ns}. */
    private static void prepareBuild(String ns) {
        git.createRepository(ns);
        git.commit(ns, "main", Map.of(".devcontainer/devcontainer.json", DEVCONTAINER_JSON,
                ".devcontainer/Dockerfile", DOCKERFILE));
        admin().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("git")
                .endMetadata().withType("kubernetes.io/basic-auth")
                .withData(Map.of("username", b64("dev"), "password", b64(GIT_TOKEN))).build()).create();
        String dockerConfig = "{\"auths\":{\"" + registry.hostPort() + "\":{\"auth\":\"" + b64("ci:unused") + "\"}}}";
        admin().secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("registry")
                .endMetadata().withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", b64(dockerConfig))).build()).create();
        DevContainerBuild build = new DevContainerBuild();
        build.getMetadata().setName("app");
        build.getMetadata().setNamespace(ns);
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(git.url(ns));
        source.setRef("main");
        source.setCredentialsSecretRef(new SecretReference("git"));
        spec.setSource(source);
        spec.setRegistryCredentialsSecretRef(new SecretReference("registry"));
        CacheSpec cache = new CacheSpec();
        cache.setRepo(registry.hostPort() + "/" + ns + "/cache");
        spec.setCache(cache);
        build.setSpec(spec);
        admin().resource(build).create();
    }

    private static boolean refusedAnything() {
        List<String> refused = controlPlane.auditLog().forbiddenByRbac(installation.user());
        if (!refused.isEmpty()) {
            System.err.println("NamespacedInstallTest: RBAC refused " + refused);
        }
        return !refused.isEmpty();
    }

    private static BuildPhase phaseOf(String ns) {
        DevContainerBuild build = admin().resources(DevContainerBuild.class).inNamespace(ns).withName("app").get();
        return build == null || build.getStatus() == null ? null : build.getStatus().getPhase();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(object -> object.getMetadata().getName()).toList();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }
}
