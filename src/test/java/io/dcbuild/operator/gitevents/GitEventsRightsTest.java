package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.testing.MovableClock;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the chart's {@code gitEvents} Role grants is what the receiver needs, on the real API server with the token of
 * the chart's ServiceAccount: a namespaced install whose other Roles give no rights on Secrets or pods in the release
 * namespace (policy material elsewhere), so the Role alone lets {@link ReceiverSecret} read the webhooks' Secret and
 * {@link LeaderPodLabel} label and unlabel the operator's pod. A Secret of another name stays out of reach.
 */
class GitEventsRightsTest {

    private static final String RELEASE = "pushrights";
    private static final String RELEASE_NAMESPACE = "pushrights-system";
    private static final String SECRET_NAME = "webhooks";
    private static TestNamespaces namespaces;
    private static KubernetesClient operator;
    private static OperatorInstallation installation;

    @BeforeAll
    static void installChartWithTheReceiver() {
        ControlPlane controlPlane = ControlPlane.shared();
        namespaces = new TestNamespaces(controlPlane.admin());
        namespaces.create(RELEASE + "-served", Map.of());
        namespaces.create(RELEASE + "-material", Map.of());
        installation = OperatorInstallation.installChart(controlPlane, RELEASE, RELEASE_NAMESPACE,
                "watchNamespaces={" + RELEASE + "-served}", "policyMaterialNamespaces={" + RELEASE + "-material}",
                "gitEvents.enabled=true", "gitEvents.secretName=" + SECRET_NAME);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(controlPlane.apiServerUrl().toString())
                .withCaCertData(controlPlane.certificateAuthorityData()).withOauthToken(installation.token()).build();
        operator = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void removeRelease() {
        operator.close();
        namespaces.close();
        ControlPlane.shared().admin().namespaces().withName(RELEASE_NAMESPACE).delete();
    }

    @Test
    void theReceiverReadsItsSecretAndNoOther() {
        KubernetesClient admin = ControlPlane.shared().admin();
        admin.secrets().inNamespace(RELEASE_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName(SECRET_NAME).endMetadata().addToStringData(ReceiverSecret.KEY, "hook-secret").build())
                .create();
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));

        ReceiverSecret.Result read = new ReceiverSecret(operator, RELEASE_NAMESPACE, SECRET_NAME,
                Duration.ofSeconds(10), clock).current();
        ReceiverSecret.Result other = new ReceiverSecret(operator, RELEASE_NAMESPACE, "another",
                Duration.ofSeconds(10), clock).current();

        assertThat(read.secret()).hasValueSatisfying(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("hook-secret"));
        assertThat(other.secret()).isEmpty();
        assertThat(other.problem()).isEqualTo("the Secret " + RELEASE_NAMESPACE + "/another cannot be read (HTTP 403)");
    }

    @Test
    void theLeaderLabelsItsOwnPodAndAStartingProcessRemovesTheLabel() {
        KubernetesClient admin = ControlPlane.shared().admin();
        String pod = RELEASE + "-7d9f8-abcde";
        admin.pods().inNamespace(RELEASE_NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                .addToLabels(LeaderPodLabel.LABEL, "true").endMetadata().withNewSpec().addNewContainer()
                .withName("operator").withImage("example.invalid/operator:1").endContainer().endSpec().build())
                .create();

        try (LeaderPodLabel label = new LeaderPodLabel(operator, RELEASE_NAMESPACE, pod)) {
            await("a label left by an earlier process removed").atMost(Duration.ofSeconds(20))
                    .until(() -> !label.labelledAsAdminSees(admin));
            label.leading(true);
            await("the leader's pod labelled").atMost(Duration.ofSeconds(20))
                    .until(() -> label.labelledAsAdminSees(admin));
            label.leading(false);
            await("the label removed when it stops leading").atMost(Duration.ofSeconds(20))
                    .until(() -> !label.labelledAsAdminSees(admin));
        }
        assertThat(ControlPlane.shared().auditLog().forbiddenByRbac(installation.user()))
                .as("requests of the chart's ServiceAccount RBAC refused").filteredOn(request -> request.contains("pods"))
                .isEmpty();
    }
}
