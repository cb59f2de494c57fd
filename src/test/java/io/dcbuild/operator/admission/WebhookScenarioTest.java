package io.dcbuild.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.api.v1alpha1.BuildPhase;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.OperatorSettings;
import io.dcbuild.operator.testing.StandaloneOperator;
import io.dcbuild.operator.testing.controlplane.ClusterCommands.Result;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The admission webhook on a real API server, as a user meets it through the real {@code kubectl}. The webhook
 * configuration is the chart's ({@code helm template}, release devcontainer-build-operator in dcbuild-system) with one
 * change: this API server cannot reach a Service (no kube-proxy, no pods), so each webhook's {@code clientConfig}
 * names the operator's webhook server by URL, on a free loopback port; the serving certificate gets 127.0.0.1 as an
 * extra name. The webhook holds the token of the shipped ServiceAccount ({@code deploy/manifests/operator.yaml}):
 * it creates its CA and certificate in a Secret and patches the CA into the configuration itself, and the audit log
 * must show no request RBAC refused. A control plane of its own: a webhook configuration on the shared one would
 * judge every other test's builds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookScenarioTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static final String OPERATOR_NAMESPACE = "dcbuild-system";
    private static final String CONFIGURATION = "devcontainer-build-operator";
    private static final String TLS_SECRET = "devcontainer-build-operator-webhook-tls";
    private static final String POLICY = "webhook-git-hosts";
    private static final String GOVERNED = "webhook-team";

    static ControlPlane controlPlane;
    static OperatorInstallation installation;
    static TestNamespaces namespaces;
    static Vertx vertx;
    static KubernetesClient operatorClient;
    static AdmissionWebhook webhook;
    static StandaloneOperator operator;

    @BeforeAll
    static void startControlPlaneAndWebhook() {
        controlPlane = ControlPlane.startPrivate("webhook");
        installation = OperatorInstallation.install(controlPlane);
        namespaces = new TestNamespaces(admin());
        namespaces.create(GOVERNED, Map.of("webhook-test", "governed"));
        vertx = Vertx.vertx();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(controlPlane.apiServerUrl().toString())
                .withCaCertData(controlPlane.certificateAuthorityData())
                .withOauthToken(installation.token())
                .withNamespace(OPERATOR_NAMESPACE)
                .build();
        operatorClient = new KubernetesClientBuilder().withConfig(config).build();
        webhook = AdmissionWebhook.start(vertx, operatorClient, OperatorSettings.with(Map.of(
                "dcbuild.webhook.port", "0",
                "dcbuild.webhook.host", "127.0.0.1",
                "dcbuild.webhook.namespace", OPERATOR_NAMESPACE,
                "dcbuild.webhook.extra-names", "127.0.0.1",
                "dcbuild.webhook.certificate-check-interval", "1s")), Clock.systemUTC());
        await("the webhook listens").atMost(CONVERGENCE).until(() -> webhook.port().isPresent());
        admin().resource(chartConfiguration("Ignore")).create();
    }

    @AfterAll
    static void stopEverything() {
        Fixtures.closeAll(operator, webhook, namespaces, operatorClient, () -> vertx.close(), controlPlane);
    }

    @Test
    @Order(1)
    void theOperatorCreatesItsCaAndPatchesItIntoEveryWebhookOfTheConfiguration() {
        await("caBundle of every webhook").atMost(CONVERGENCE).untilAsserted(() -> {
            Secret secret = admin().secrets().inNamespace(OPERATOR_NAMESPACE).withName(TLS_SECRET).get();
            assertThat(secret).as("Secret %s/%s", OPERATOR_NAMESPACE, TLS_SECRET).isNotNull();
            assertThat(configuration().getWebhooks()).hasSize(2).allSatisfy(w -> assertThat(
                    w.getClientConfig().getCaBundle()).as("caBundle of %s", w.getName())
                    .isEqualTo(secret.getData().get("ca.crt")));
        });
        Secret secret = admin().secrets().inNamespace(OPERATOR_NAMESPACE).withName(TLS_SECRET).get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
        var certificate = new ServingCertificate(decode(secret.getData().get("tls.crt")), "", "").certificate();
        assertThat(WebhookTlsSecret.covers(certificate, List.of(
                "devcontainer-build-operator-webhook.dcbuild-system.svc",
                "devcontainer-build-operator-webhook.dcbuild-system.svc.cluster.local", "127.0.0.1"))).isTrue();
        awaitWebhookJudges();
    }

    @Test
    @Order(2)
    void kubectlApplyOfABuildAGoverningPolicyForbidsFailsWithTheMessage() {
        Result apply = kubectl(build("forbidden", "https://elsewhere.example.org/team/app.git"), "apply", "-f", "-");

        assertThat(apply.exitCode()).as("kubectl apply:%n%s", apply.output()).isNotZero();
        assertThat(apply.output()).contains("admission webhook \"devcontainerbuilds.validate.dcbuild.io\" denied "
                + "the request: PolicyViolation: git repository https://elsewhere.example.org/team/app.git is not "
                + "allowed by policy " + POLICY + " (allowedSources.gitUrls: https://git.example.com/**)");
        assertThat(builds().withName("forbidden").get()).as("nothing created").isNull();
    }

    @Test
    @Order(3)
    void anAllowedBuildIsCreatedAndAnInvalidSpecIsRefusedAsTheConditionWouldSay() {
        Result apply = kubectl(build("allowed", "https://git.example.com/team/app.git"), "apply", "-f", "-");

        assertThat(apply.exitCode()).as("kubectl apply:%n%s", apply.output()).isZero();
        assertThat(apply.output()).contains("devcontainerbuild.dcbuild.io/allowed created");
        assertThat(builds().withName("allowed").get()).isNotNull();

        Result sha = kubectl(build("by-commit", "https://git.example.com/team/app.git").replace("ref: main",
                "ref: 0123456789abcdef0123456789abcdef01234567"), "apply", "-f", "-");
        assertThat(sha.exitCode()).as("kubectl apply:%n%s", sha.output()).isNotZero();
        assertThat(sha.output()).contains("denied the request: InvalidSpec: spec.source.ref "
                + "'0123456789abcdef0123456789abcdef01234567' looks like a commit SHA");
    }

    @Test
    @Order(4)
    void aPolicyTheValidatorRefusesIsRefusedWithoutEchoingCredentials() {
        Result unpinned = kubectl("""
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuildPolicy
                metadata:
                  name: unpinned-builder
                spec:
                  namespaceSelector: {}
                  builder:
                    image: ghcr.io/coder/envbuilder:latest
                  proxy:
                    httpProxy: http://proxy-user:pr0xy-s3cret@proxy.example.com:3128
                """, "apply", "-f", "-");

        assertThat(unpinned.exitCode()).as("kubectl apply:%n%s", unpinned.output()).isNotZero();
        assertThat(unpinned.output()).contains("admission webhook \"devcontainerbuildpolicies.validate.dcbuild.io\" "
                + "denied the request: PolicyInvalid: policy unpinned-builder is invalid: spec.builder.image "
                + "'ghcr.io/coder/envbuilder:latest' must be pinned by digest")
                .contains("spec.proxy.httpProxy carries credentials")
                .doesNotContain("pr0xy-s3cret");
        assertThat(admin().resources(io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy.class)
                .withName("unpinned-builder").get()).isNull();
    }

    @Test
    @Order(5)
    void metadataOnlyUpdatesOfABuildAPolicyChangeMadeNonCompliantPassButASpecChangeIsRefused() {
        Result narrowed = kubectl(policy("https://git.other.example/**"), "apply", "-f", "-");
        assertThat(narrowed.exitCode()).as("kubectl apply of the narrowed policy:%n%s", narrowed.output()).isZero();
        String specChange = "{\"spec\":{\"pollInterval\":\"10m\"}}";
        await("the webhook's cache has the narrowed policy").atMost(CONVERGENCE).untilAsserted(() -> assertThat(
                kubectl(null, "patch", "dcb", "allowed", "-n", GOVERNED, "--type", "merge", "-p", specChange,
                        "--dry-run=server").output()).contains("allowedSources.gitUrls: https://git.other.example/**"));

        Result annotate = kubectl(null, "annotate", "dcb", "allowed", "-n", GOVERNED, "dcbuild.io/rebuild=now");
        Result label = kubectl(null, "label", "dcb", "allowed", "-n", GOVERNED, "argocd.argoproj.io/instance=apps");
        Result patch = kubectl(null, "patch", "dcb", "allowed", "-n", GOVERNED, "--type", "merge", "-p", specChange);

        assertThat(annotate.exitCode()).as("kubectl annotate:%n%s", annotate.output()).isZero();
        assertThat(label.exitCode()).as("kubectl label:%n%s", label.output()).isZero();
        assertThat(builds().withName("allowed").get().getMetadata().getLabels())
                .containsEntry("argocd.argoproj.io/instance", "apps");
        assertThat(patch.exitCode()).as("kubectl patch of the spec:%n%s", patch.output()).isNotZero();
        assertThat(patch.output()).contains("denied the request: PolicyViolation: git repository "
                + "https://git.example.com/team/app.git is not allowed by policy " + POLICY);
        Result delete = kubectl(null, "delete", "dcb", "allowed", "-n", GOVERNED);
        assertThat(delete.exitCode()).as("kubectl delete:%n%s", delete.output()).isZero();
        kubectl(policy("https://git.example.com/**"), "apply", "-f", "-");
    }

    @Test
    @Order(6)
    void withTheWebhookDownAndIgnoreApplyPassesAndTheReconcilerStallsTheBuild() {
        webhook.close();

        Result apply = kubectl(build("while-down", "https://elsewhere.example.org/team/app.git"), "apply", "-f", "-");

        assertThat(apply.exitCode()).as("kubectl apply with the webhook down:%n%s", apply.output()).isZero();
        operator = StandaloneOperator.startServing(controlPlane, installation.token(), WatchedNamespaces.all());
        await("the reconciler refuses it").atMost(CONVERGENCE).untilAsserted(() -> {
            DevContainerBuild build = builds().withName("while-down").get();
            assertThat(build.getStatus()).isNotNull();
            assertThat(build.getStatus().getPhase()).isEqualTo(BuildPhase.Stalled);
        });
        Condition stalled = builds().withName("while-down").get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Stalled")).findFirst().orElseThrow();
        assertThat(stalled.getReason()).isEqualTo("PolicyViolation");
        assertThat(stalled.getMessage()).as("the message the webhook would have answered")
                .isEqualTo("git repository https://elsewhere.example.org/team/app.git is not allowed by policy "
                        + POLICY + " (allowedSources.gitUrls: https://git.example.com/**)");
    }

    @Test
    @Order(7)
    void withTheWebhookDownAndFailNothingIsAdmitted() {
        admin().resource(chartConfiguration("Fail")).update();
        await("the API server applies Fail").atMost(CONVERGENCE).untilAsserted(() -> assertThat(
                kubectl(build("refused-while-down", "https://git.example.com/team/app.git"), "apply",
                        "--dry-run=server", "-f", "-").exitCode()).isNotZero());

        Result apply = kubectl(build("refused-while-down", "https://git.example.com/team/app.git"), "apply", "-f", "-");

        assertThat(apply.exitCode()).isNotZero();
        assertThat(apply.output()).contains("failed calling webhook \"devcontainerbuilds.validate.dcbuild.io\"");
        assertThat(controlPlane.auditLog().forbiddenByRbac(installation.user()))
                .as("requests of the operator (and its webhook) that RBAC refused").isEmpty();
    }

    /** Until the configuration reaches the API server's admission, a refused build could slip in: ask first. */
    private static void awaitWebhookJudges() {
        Result policy = kubectl(policy("https://git.example.com/**"), "apply", "-f", "-");
        assertThat(policy.exitCode()).as("kubectl apply of the policy:%n%s", policy.output()).isZero();
        await("the webhook judges builds").atMost(CONVERGENCE).untilAsserted(() -> assertThat(
                kubectl(build("probe", "https://elsewhere.example.org/team/app.git"), "apply", "--dry-run=server",
                        "-f", "-").output()).contains("denied the request"));
    }

    /**
     * The chart's ValidatingWebhookConfiguration ({@code helm template}, default values) with each webhook's
     * clientConfig pointing at the webhook server by URL, and {@code failurePolicy}.
     */
    private static ValidatingWebhookConfiguration chartConfiguration(String failurePolicy) {
        Result rendered = controlPlane.commands().helm("template", CONFIGURATION,
                java.nio.file.Path.of("charts", "devcontainer-build-operator").toString(),
                "--namespace", OPERATOR_NAMESPACE, "--show-only", "templates/webhook.yaml");
        assertThat(rendered.exitCode()).as("helm template:%n%s", rendered.output()).isZero();
        List<HasMetadata> objects = admin().load(new ByteArrayInputStream(rendered.output()
                .getBytes(StandardCharsets.UTF_8))).items();
        ValidatingWebhookConfiguration configuration = objects.stream()
                .filter(ValidatingWebhookConfiguration.class::isInstance).map(ValidatingWebhookConfiguration.class::cast)
                .findFirst().orElseThrow();
        int port = webhook.port().orElse(1);
        ValidatingWebhookConfiguration current = configuration();
        for (int i = 0; i < configuration.getWebhooks().size(); i++) {
            ValidatingWebhook w = configuration.getWebhooks().get(i);
            String path = w.getClientConfig().getService().getPath();
            w.getClientConfig().setService(null);
            w.getClientConfig().setUrl("https://127.0.0.1:" + port + path);
            if (current != null) {
                w.getClientConfig().setCaBundle(current.getWebhooks().get(i).getClientConfig().getCaBundle());
            }
            w.setFailurePolicy(failurePolicy);
        }
        if (current != null) {
            configuration.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        }
        return configuration;
    }

    private static ValidatingWebhookConfiguration configuration() {
        return admin().admissionRegistration().v1().validatingWebhookConfigurations().withName(CONFIGURATION).get();
    }

    private static String build(String name, String url) {
        return """
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuild
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  source:
                    url: %s
                    ref: main
                  cache:
                    repo: registry.example.com/team/cache
                """.formatted(name, GOVERNED, url);
    }

    private static String policy(String allowedGitUrls) {
        return """
                apiVersion: dcbuild.io/v1alpha1
                kind: DevContainerBuildPolicy
                metadata:
                  name: %s
                spec:
                  namespaceSelector:
                    matchLabels:
                      webhook-test: governed
                  allowedSources:
                    gitUrls: ["%s"]
                """.formatted(POLICY, allowedGitUrls);
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<DevContainerBuild,
            io.fabric8.kubernetes.api.model.KubernetesResourceList<DevContainerBuild>,
            io.fabric8.kubernetes.client.dsl.Resource<DevContainerBuild>> builds() {
        return admin().resources(DevContainerBuild.class).inNamespace(GOVERNED);
    }

    private static String decode(String base64) {
        return new String(java.util.Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    private static Result kubectl(String stdin, String... args) {
        return controlPlane.commands().kubectl(stdin, args);
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }
}
