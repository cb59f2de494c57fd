package io.dcbuild.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.dcbuild.operator.testing.controlplane.ClusterCommands.Result;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.EstablishedCrd;
import io.dcbuild.operator.testing.controlplane.OperatorInstallation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator installed the two ways a user does, with the real {@code helm} and {@code kubectl} against the real
 * API server ({@link ControlPlane}): the Helm chart (install, upgrade with other values, uninstall; and its
 * default and namespaced renderings validated by the API server and {@code helm lint --strict}) and the plain
 * manifests of {@code deploy/manifests/} and {@code deploy/namespaced/} (which must stay the chart's renderings).
 * {@link NamespacedInstallTest} runs the operator with the namespaced rights.
 *
 * <p>There is no scheduler or deployment controller: the tests look at the objects, not at running pods.
 *
 * <p>The chart names its cluster-scoped objects after the release, so the release here gets a name of its own:
 * the ClusterRole and ClusterRoleBinding {@code devcontainer-build-operator} of the manifests (installed by
 * {@link OperatorInstallation} and used by the other tests) stay untouched by Helm.
 *
 * <p>The CRDs are installed before any test (by {@link OperatorInstallation}, server-side apply), as a cluster
 * administrator does who manages CRDs apart from releases; the install/upgrade/uninstall cases therefore pass
 * {@code --skip-crds}. Whether Helm accepts the chart's {@code crds/} over CRDs that are already there is a case of
 * its own ({@link #helmInstallOverAlreadyInstalledCrdsSucceeds()}).
 *
 * <p>The API server here serves no Prometheus Operator: a minimal ServiceMonitor CRD (test resource
 * {@value #SERVICE_MONITOR_CRD}, the fields the chart writes) is installed for this class, so that the ServiceMonitor
 * of {@code metrics.serviceMonitor.enabled} is created and validated by the API server like any other object, and
 * deleted when the class ends. The Kustomize base and overlay are applied for real by {@link KustomizeInstallTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallationTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CHART = Path.of("charts", "devcontainer-build-operator");
    private static final Path MANIFESTS = Path.of("deploy", "manifests");
    private static final Path OPERATOR_MANIFEST = MANIFESTS.resolve("operator.yaml");
    private static final List<String> CRDS = List.of("devcontainerbuilds.dcbuild.io",
            "devcontainerbuildpolicies.dcbuild.io", "devcontainerbuildruns.dcbuild.io");

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    /** The release, and so the name of the chart's ServiceAccount, ClusterRole and ClusterRoleBinding. */
    private static final String RELEASE = "installtest-" + SUFFIX;
    private static final String HELM_NAMESPACE = "installtest-helm-" + SUFFIX;
    private static final String DRY_RUN_NAMESPACE = "installtest-dryrun-" + SUFFIX;
    /** The namespaces the namespaced rendering watches, and the one holding the policies' CA bundles. */
    private static final List<String> WATCHED = List.of("installtest-team-a-" + SUFFIX,
            "installtest-team-b-" + SUFFIX);
    private static final String MATERIAL_NAMESPACE = "installtest-platform-" + SUFFIX;
    /** The namespaces deploy/namespaced/ serves. */
    private static final List<String> EXAMPLE_NAMESPACES = List.of("team-a", "team-b");
    /** The Role and RoleBinding for Events about policies, in default. */
    private static final String EVENTS_ROLE = RELEASE + "-policy-events";
    /** The Role and RoleBinding of leader election, in the release namespace. */
    private static final String LEADER_ROLE = RELEASE + "-leader-election";
    /** The chart's metrics Service: {@code <fullname>-metrics}. */
    private static final String METRICS_SERVICE = RELEASE + "-metrics";
    private static final String SERVICE_MONITOR_CRD = "/crds/servicemonitors.monitoring.coreos.com.yaml";
    private static final String SERVICE_MONITOR_API = "monitoring.coreos.com/v1";
    private static final String PROMETHEUS_RULE_CRD = "/crds/prometheusrules.monitoring.coreos.com.yaml";
    private static final Path PROMETHEUS_RULES = Path.of("deploy", "monitoring", "prometheus-rules.yaml");
    /** The name of the operator's objects in deploy/manifests/ (a release of that name renders the same). */
    private static final String MANIFEST_NAME = "devcontainer-build-operator";
    /** The chart's webhook Service, ClusterRole, Role (and bindings): {@code <fullname>-webhook}. */
    private static final String WEBHOOK = RELEASE + "-webhook";

    /**
     * The second value set, for helm upgrade: a namespaced install (two watched namespaces, policy material in a
     * third) with every other value the chart has set to something else than its default, the metrics Service and
     * the ServiceMonitor on.
     */
    private static final String UPGRADE_VALUES = """
            replicaCount: 2
            leaderElection:
              leaseDuration: 30s
              renewDeadline: 20s
              retryPeriod: 4s
            image:
              tag: "0.2.0"
              pullPolicy: Always
            imagePullSecrets:
              - name: operator-pull
            builderImage: ghcr.io/coder/envbuilder@sha256:0000000000000000000000000000000000000000000000000000000000000001
            plainHttpRegistryHosts: [registry.local, cache.local]
            watchNamespaces: [%s, %s]
            policyMaterialNamespaces: [%s]
            logFormat: json
            podAnnotations:
              example.com/owner: platform-team
            podLabels:
              example.com/cost-center: "4711"
            resources:
              requests:
                cpu: 250m
                memory: 512Mi
              limits:
                memory: 1Gi
            nodeSelector:
              node-pool: operators
            tolerations:
              - key: dedicated
                operator: Equal
                value: operators
                effect: NoSchedule
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - {key: node-pool, operator: In, values: [operators]}
            metrics:
              service:
                enabled: true
                annotations:
                  example.com/scrape: "true"
              serviceMonitor:
                enabled: true
                labels:
                  release: prometheus
                interval: 30s
                scrapeTimeout: 10s
            """.formatted(WATCHED.get(0), WATCHED.get(1), MATERIAL_NAMESPACE);

    @TempDir
    static Path helmHome;

    private static ControlPlane controlPlane;
    private static KubernetesClient admin;

    @BeforeAll
    static void installCrdsAndRbac() {
        controlPlane = ControlPlane.shared();
        OperatorInstallation.install(controlPlane);
        admin = controlPlane.admin();
        installTestCrd(SERVICE_MONITOR_CRD);
        installTestCrd(PROMETHEUS_RULE_CRD);
        for (String namespace : Stream.concat(Stream.of(DRY_RUN_NAMESPACE, MATERIAL_NAMESPACE), WATCHED.stream())
                .toList()) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).create();
        }
    }

    private static void installTestCrd(String resource) {
        try (InputStream crd = InstallationTest.class.getResourceAsStream(resource)) {
            CustomResourceDefinition definition = admin.apiextensions().v1().customResourceDefinitions()
                    .load(crd).item();
            admin.resource(definition).fieldManager("sandbox-admin").forceConflicts().serverSideApply();
            EstablishedCrd.await(admin, definition);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    @AfterAll
    static void removeWhatThisTestInstalled() {
        if (admin == null) {
            return;
        }
        if (admin.rbac().clusterRoles().withName(RELEASE).get() != null) {
            helm("uninstall", RELEASE, "--namespace", HELM_NAMESPACE);
        }
        // only objects of this test's release: the manifests' ClusterRole and binding stay for the other tests
        admin.rbac().clusterRoleBindings().withName(RELEASE).delete();
        admin.rbac().clusterRoles().withName(RELEASE).delete();
        admin.rbac().clusterRoleBindings().withName(WEBHOOK).delete();
        admin.rbac().clusterRoles().withName(WEBHOOK).delete();
        // a webhook configuration left behind would make the API server call a Service nobody serves
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(RELEASE).delete();
        admin.rbac().roleBindings().inNamespace("default").withName(EVENTS_ROLE).delete();
        admin.rbac().roles().inNamespace("default").withName(EVENTS_ROLE).delete();
        admin.namespaces().withName(HELM_NAMESPACE).delete();
        admin.apiextensions().v1().customResourceDefinitions().withName("servicemonitors.monitoring.coreos.com")
                .delete();
        admin.apiextensions().v1().customResourceDefinitions().withName("prometheusrules.monitoring.coreos.com")
                .delete();
        for (String namespace : Stream.concat(Stream.of(DRY_RUN_NAMESPACE, MATERIAL_NAMESPACE), WATCHED.stream())
                .toList()) {
            admin.namespaces().withName(namespace).delete();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // a. helm install, upgrade, uninstall
    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void helmInstallCreatesTheRenderedObjects() {
        Result install = helm("install", RELEASE, CHART.toString(), "--namespace", HELM_NAMESPACE,
                "--create-namespace", "--skip-crds");
        assertThat(install.exitCode()).as("helm install:%n%s", install.output()).isZero();

        JsonNode values = readYaml(CHART.resolve("values.yaml"));
        JsonNode chart = readYaml(CHART.resolve("Chart.yaml"));
        Map<String, String> selectorLabels = Map.of("app.kubernetes.io/name", "devcontainer-build-operator",
                "app.kubernetes.io/instance", RELEASE);
        Deployment deployment = admin.apps().deployments().inNamespace(HELM_NAMESPACE).withName(RELEASE).get();
        assertThat(deployment).as("Deployment %s/%s", HELM_NAMESPACE, RELEASE).isNotNull();
        assertThat(releaseOf(deployment)).isEqualTo(RELEASE);
        assertThat(deployment.getMetadata().getLabels()).as("the chart's labels").containsAllEntriesOf(selectorLabels)
                .containsEntry("helm.sh/chart", "devcontainer-build-operator-" + chart.at("/version").asText())
                .containsEntry("app.kubernetes.io/version", chart.at("/appVersion").asText())
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).as("the selector, as in every version")
                .containsExactlyInAnyOrderEntriesOf(selectorLabels);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(values.at("/replicaCount").asInt()).isEqualTo(1);
        var template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(selectorLabels);
        assertThat(template.getMetadata().getAnnotations()).isNullOrEmpty();
        var pod = template.getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
        assertThat(pod.getImagePullSecrets()).isEmpty();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("a numeric non-root user").isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAffinity()).isNull();
        Container operator = operatorContainer(deployment);
        assertThat(values.at("/image/tag").asText()).as("image.tag in values.yaml").isEmpty();
        assertThat(operator.getImage()).as("the tag defaults to the chart's appVersion")
                .isEqualTo(values.at("/image/repository").asText() + ":" + chart.at("/appVersion").asText());
        assertThat(operator.getImagePullPolicy()).isEqualTo(values.at("/image/pullPolicy").asText());
        assertThat(env(operator)).containsEntry("DCBUILD_BUILDER_DEFAULT_IMAGE",
                values.at("/builderImage").asText()).doesNotContainKeys("DCBUILD_REGISTRY_PLAIN_HTTP_HOSTS",
                        "DCBUILD_WATCH_NAMESPACES", "QUARKUS_LOG_CONSOLE_JSON_ENABLED");
        assertThat(operator.getResources()).isEqualTo(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(values.at("/resources/requests/cpu").asText()))
                .addToRequests("memory", new Quantity(values.at("/resources/requests/memory").asText()))
                .addToLimits("memory", new Quantity(values.at("/resources/limits/memory").asText()))
                .build());
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(admin.services().inNamespace(HELM_NAMESPACE).withName(METRICS_SERVICE).get())
                .as("no metrics Service by default").isNull();
        assertThat(serviceMonitors(HELM_NAMESPACE)).as("no ServiceMonitor by default").isEmpty();
        ConfigMap trustedCa = admin.configMaps().inNamespace(HELM_NAMESPACE).withName(RELEASE + "-trusted-ca").get();
        assertThat(trustedCa).as("the ConfigMap OpenShift injects the cluster's trusted CA bundle into").isNotNull();
        assertThat(trustedCa.getMetadata().getLabels())
                .containsEntry("config.openshift.io/inject-trusted-cabundle", "true");
        assertThat(env(operator)).containsEntry("DCBUILD_CLUSTER_PROXY_TRUSTED_CA_CONFIG_MAP",
                HELM_NAMESPACE + "/" + RELEASE + "-trusted-ca");

        ServiceAccount serviceAccount = admin.serviceAccounts().inNamespace(HELM_NAMESPACE).withName(RELEASE).get();
        assertThat(serviceAccount).as("ServiceAccount %s/%s", HELM_NAMESPACE, RELEASE).isNotNull();
        assertThat(releaseOf(serviceAccount)).isEqualTo(RELEASE);

        ClusterRole role = admin.rbac().clusterRoles().withName(RELEASE).get();
        assertThat(role).as("ClusterRole %s", RELEASE).isNotNull();
        assertThat(releaseOf(role)).isEqualTo(RELEASE);
        assertThat(role.getMetadata().getLabels()).containsAllEntriesOf(selectorLabels);
        assertThat(role.getRules()).as("the chart grants what deploy/manifests/operator.yaml grants")
                .isEqualTo(manifest(ClusterRole.class, MANIFEST_NAME).getRules());

        ClusterRoleBinding binding = admin.rbac().clusterRoleBindings().withName(RELEASE).get();
        assertThat(binding).as("ClusterRoleBinding %s", RELEASE).isNotNull();
        assertThat(releaseOf(binding)).isEqualTo(RELEASE);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE);
        assertThat(binding.getSubjects()).containsExactly(new SubjectBuilder().withKind("ServiceAccount")
                .withName(RELEASE).withNamespace(HELM_NAMESPACE).build());

        Role events = admin.rbac().roles().inNamespace("default").withName(EVENTS_ROLE).get();
        assertThat(events).as("Role default/%s", EVENTS_ROLE).isNotNull();
        assertThat(events.getRules()).as("Events about policies, in default only")
                .isEqualTo(manifest(Role.class, "devcontainer-build-operator-policy-events").getRules());
        assertThat(admin.rbac().roleBindings().inNamespace("default").withName(EVENTS_ROLE).get().getSubjects())
                .containsExactly(new SubjectBuilder().withKind("ServiceAccount").withName(RELEASE)
                        .withNamespace(HELM_NAMESPACE).build());

        // leader election: the Lease named after the release, in the release namespace, held under the pod's name
        assertThat(deployment.getSpec().getStrategy().getType()).as("pods replaced one by one: the Lease guards")
                .isEqualTo("RollingUpdate");
        assertThat(env(operator)).containsEntry("DCBUILD_LEADER_ELECTION_LEASE_NAME", RELEASE)
                .containsEntry("DCBUILD_LEADER_ELECTION_LEASE_DURATION", values.at("/leaderElection/leaseDuration")
                        .asText()).doesNotContainKey("DCBUILD_LEADER_ELECTION_ENABLED");
        assertThat(fieldRefs(operator)).containsEntry("DCBUILD_LEADER_ELECTION_LEASE_NAMESPACE", "metadata.namespace")
                .containsEntry("DCBUILD_LEADER_ELECTION_IDENTITY", "metadata.name");
        Role leases = admin.rbac().roles().inNamespace(HELM_NAMESPACE).withName(LEADER_ROLE).get();
        assertThat(leases).as("Role %s/%s", HELM_NAMESPACE, LEADER_ROLE).isNotNull();
        assertThat(leases.getRules()).as("Leases, in the release namespace only")
                .isEqualTo(manifest(Role.class, "devcontainer-build-operator-leader-election").getRules());
        assertThat(admin.rbac().roleBindings().inNamespace(HELM_NAMESPACE).withName(LEADER_ROLE).get().getSubjects())
                .containsExactly(new SubjectBuilder().withKind("ServiceAccount").withName(RELEASE)
                        .withNamespace(HELM_NAMESPACE).build());

        // the admission webhook: a Service to every operator pod's port "webhook", the configuration (Ignore),
        // and the rights to keep its self-signed certificate
        Service webhookService = admin.services().inNamespace(HELM_NAMESPACE).withName(WEBHOOK).get();
        assertThat(webhookService).as("Service %s/%s", HELM_NAMESPACE, WEBHOOK).isNotNull();
        assertThat(webhookService.getSpec().getSelector()).as("every replica answers admission, standby ones too")
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(webhookService.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(443);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("webhook");
        });
        assertThat(operator.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("webhook");
            assertThat(port.getContainerPort()).isEqualTo(9443);
        });
        ValidatingWebhookConfiguration webhooks = admin.admissionRegistration().v1()
                .validatingWebhookConfigurations().withName(RELEASE).get();
        assertThat(webhooks).as("ValidatingWebhookConfiguration %s", RELEASE).isNotNull();
        assertThat(releaseOf(webhooks)).isEqualTo(RELEASE);
        assertThat(webhooks.getWebhooks()).extracting(ValidatingWebhook::getName, ValidatingWebhook::getFailurePolicy,
                w -> w.getClientConfig().getService().getName(), w -> w.getClientConfig().getService().getPath(),
                w -> w.getRules().get(0).getScope()).containsExactly(
                        tuple("devcontainerbuilds.validate.dcbuild.io", "Ignore", WEBHOOK,
                                "/validate/devcontainerbuilds", "Namespaced"),
                        tuple("devcontainerbuildpolicies.validate.dcbuild.io", "Ignore", WEBHOOK,
                                "/validate/devcontainerbuildpolicies", "Cluster"));
        assertThat(webhooks.getWebhooks()).allSatisfy(w -> {
            assertThat(w.getSideEffects()).isEqualTo("None");
            assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
            assertThat(w.getMatchPolicy()).isEqualTo("Equivalent");
            assertThat(w.getRules().get(0).getOperations()).containsExactly("CREATE", "UPDATE");
            assertThat(w.getNamespaceSelector()).as("every namespace").satisfiesAnyOf(
                    selector -> assertThat(selector).isNull(),
                    selector -> assertThat(selector.getMatchExpressions()).isNullOrEmpty());
        });
        assertThat(admin.rbac().clusterRoles().withName(WEBHOOK).get().getRules())
                .as("the webhook configuration's rights, in the chart as in the manifests")
                .extracting(PolicyRule::getResourceNames).containsExactly(List.of(RELEASE));
        assertThat(admin.rbac().roles().inNamespace(HELM_NAMESPACE).withName(WEBHOOK).get().getRules())
                .extracting(PolicyRule::getResourceNames, PolicyRule::getVerbs).containsExactly(
                        tuple(List.of(), List.of("create")),
                        tuple(List.of(RELEASE + "-webhook-tls"), List.of("get", "update")));
        assertThat(env(operator)).containsEntry("DCBUILD_WEBHOOK_CONFIGURATION_NAME", RELEASE)
                .containsEntry("DCBUILD_WEBHOOK_SERVICE_NAME", WEBHOOK)
                .containsEntry("DCBUILD_WEBHOOK_SECRET_NAME", RELEASE + "-webhook-tls")
                .doesNotContainKeys("DCBUILD_WEBHOOK_ENABLED", "DCBUILD_WEBHOOK_CERTIFICATES");

        assertCrdsPresent();
        Result status = helm("status", RELEASE, "--namespace", HELM_NAMESPACE);
        assertThat(status.output()).as("helm status").contains("STATUS: deployed").contains("REVISION: 1");
        assertThat(install.output()).as("the chart's NOTES after helm install")
                .contains("is installed as release\n" + RELEASE + " in the namespace " + HELM_NAMESPACE)
                .contains("It serves builds in every namespace.")
                .contains("kubectl -n " + HELM_NAMESPACE + " rollout status deployment/" + RELEASE)
                .contains("kubectl -n " + HELM_NAMESPACE + " logs deployment/" + RELEASE)
                .contains("kubectl get dcb -A").contains("kubectl get dcbp")
                .contains("the admission webhook's Service " + WEBHOOK + " and ValidatingWebhookConfiguration " + RELEASE)
                .contains("Admission webhook (failurePolicy Ignore, certificates self-signed)")
                .doesNotContain("port-forward");
    }

    /**
     * The second value set: from the cluster-wide install to a namespaced one, with every other value changed and
     * the metrics Service and ServiceMonitor on. What a user then sees: the Deployment with the new pod settings, the
     * ClusterRole narrowed to the cluster-scoped reads, a Role bound to the ServiceAccount in each watched namespace,
     * and a Service and ServiceMonitor that find the operator's pods.
     */
    @Test
    @Order(2)
    void helmUpgradeAppliesOtherValues() throws IOException {
        Path valuesFile = helmHome.resolve("upgrade-values.yaml");
        Files.writeString(valuesFile, UPGRADE_VALUES);
        JsonNode values = YAML.readTree(UPGRADE_VALUES);

        Result upgrade = helm("upgrade", RELEASE, CHART.toString(), "--namespace", HELM_NAMESPACE,
                "--values", valuesFile.toString());
        assertThat(upgrade.exitCode()).as("helm upgrade:%n%s", upgrade.output()).isZero();

        Deployment deployment = admin.apps().deployments().inNamespace(HELM_NAMESPACE).withName(RELEASE).get();
        assertThat(deployment).isNotNull();
        Container operator = operatorContainer(deployment);
        assertThat(operator.getImage()).isEqualTo("ghcr.io/dcbuild/devcontainer-build-operator:0.2.0");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(deployment.getSpec().getReplicas()).as("two pods, one holding the Lease").isEqualTo(2);
        assertThat(env(operator)).containsEntry("DCBUILD_LEADER_ELECTION_LEASE_DURATION", "30s")
                .containsEntry("DCBUILD_LEADER_ELECTION_RENEW_DEADLINE", "20s")
                .containsEntry("DCBUILD_LEADER_ELECTION_RETRY_PERIOD", "4s");
        assertThat(admin.rbac().roles().inNamespace(HELM_NAMESPACE).withName(LEADER_ROLE).get()).isNotNull();
        assertThat(env(operator))
                .containsEntry("DCBUILD_BUILDER_DEFAULT_IMAGE", values.at("/builderImage").asText())
                .containsEntry("DCBUILD_REGISTRY_PLAIN_HTTP_HOSTS", "registry.local,cache.local")
                .containsEntry("DCBUILD_WATCH_NAMESPACES", String.join(",", WATCHED))
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        assertThat(operator.getResources()).isEqualTo(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build());
        var template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("example.com/owner", "platform-team"));
        assertThat(template.getMetadata().getLabels()).as("podLabels beside the selector labels")
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "devcontainer-build-operator",
                        "app.kubernetes.io/instance", RELEASE, "example.com/cost-center", "4711"));
        var pod = template.getSpec();
        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("operator-pull");
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("node-pool", "operators"));
        assertThat(pod.getTolerations()).containsExactly(new TolerationBuilder().withKey("dedicated")
                .withOperator("Equal").withValue("operators").withEffect("NoSchedule").build());
        assertThat(pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()).singleElement().satisfies(term -> assertThat(term.getMatchExpressions())
                        .singleElement().satisfies(expression -> {
                            assertThat(expression.getKey()).isEqualTo("node-pool");
                            assertThat(expression.getValues()).containsExactly("operators");
                        }));
        assertThat(pod.getServiceAccountName()).as("the ServiceAccount stays").isEqualTo(RELEASE);
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the default security context stays")
                .isEqualTo(65532L);

        // the metrics Service selects the operator's pods and reaches their HTTP port
        Service service = admin.services().inNamespace(HELM_NAMESPACE).withName(METRICS_SERVICE).get();
        assertThat(service).as("Service %s/%s", HELM_NAMESPACE, METRICS_SERVICE).isNotNull();
        assertThat(releaseOf(service)).isEqualTo(RELEASE);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getMetadata().getAnnotations()).containsEntry("example.com/scrape", "true");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        ServicePort metricsPort = service.getSpec().getPorts().get(0);
        assertThat(service.getSpec().getPorts()).hasSize(1);
        assertThat(metricsPort.getName()).isEqualTo("metrics");
        assertThat(metricsPort.getPort()).isEqualTo(8080);
        assertThat(metricsPort.getTargetPort().getStrVal()).isEqualTo("http");
        assertThat(operator.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });

        // the ServiceMonitor selects that Service, and Prometheus selects it by the label given
        List<GenericKubernetesResource> monitors = serviceMonitors(HELM_NAMESPACE);
        assertThat(monitors).extracting(m -> m.getMetadata().getName()).containsExactly(RELEASE);
        GenericKubernetesResource monitor = monitors.get(0);
        assertThat(releaseOf(monitor)).isEqualTo(RELEASE);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, String> monitorSelector = monitor.get("spec", "selector", "matchLabels");
        assertThat(service.getMetadata().getLabels()).as("the Service's labels match the ServiceMonitor's selector")
                .containsAllEntriesOf(monitorSelector);
        assertThat(monitorSelector).containsEntry("app.kubernetes.io/component", "metrics");
        assertThat(admin.services().inNamespace(HELM_NAMESPACE).withLabels(monitorSelector).list().getItems())
                .as("Services the ServiceMonitor selects").extracting(s -> s.getMetadata().getName())
                .containsExactly(METRICS_SERVICE);
        List<String> monitorNamespaces = monitor.get("spec", "namespaceSelector", "matchNames");
        assertThat(monitorNamespaces).containsExactly(HELM_NAMESPACE);
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint).containsEntry("port",
                "metrics").containsEntry("path", "/q/metrics").containsEntry("interval", "30s")
                .containsEntry("scrapeTimeout", "10s"));

        // namespaced: the ClusterRole keeps the cluster-scoped reads, a Role in each watched namespace the rest
        ClusterRole clusterRole = admin.rbac().clusterRoles().withName(RELEASE).get();
        assertThat(clusterRole.getRules()).flatExtracting(PolicyRule::getResources)
                .as("cluster-wide rights after the upgrade").containsOnly("devcontainerbuildpolicies",
                        "devcontainerbuildpolicies/status", "namespaces", "proxies", "devcontainerbuilds");
        List<PolicyRule> clusterWide = manifest(ClusterRole.class, MANIFEST_NAME).getRules();
        for (String watched : WATCHED) {
            Role role = admin.rbac().roles().inNamespace(watched).withName(RELEASE).get();
            assertThat(role).as("Role %s/%s", watched, RELEASE).isNotNull();
            assertThat(clusterWide).as("the Role of %s", watched).endsWith(role.getRules().toArray(PolicyRule[]::new));
            RoleBinding roleBinding = admin.rbac().roleBindings().inNamespace(watched).withName(RELEASE).get();
            assertThat(roleBinding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(roleBinding.getRoleRef().getName()).isEqualTo(RELEASE);
            assertThat(roleBinding.getSubjects()).containsExactly(new SubjectBuilder().withKind("ServiceAccount")
                    .withName(RELEASE).withNamespace(HELM_NAMESPACE).build());
        }
        assertThat(admin.rbac().roleBindings().inNamespace(MATERIAL_NAMESPACE).withName(RELEASE + "-policy-material")
                .get().getSubjects()).containsExactly(new SubjectBuilder().withKind("ServiceAccount")
                        .withName(RELEASE).withNamespace(HELM_NAMESPACE).build());

        assertThat(admin.serviceAccounts().inNamespace(HELM_NAMESPACE).withName(RELEASE).get()).isNotNull();
        assertThat(admin.rbac().clusterRoleBindings().withName(RELEASE).get()).isNotNull();
        Result status = helm("status", RELEASE, "--namespace", HELM_NAMESPACE);
        assertThat(status.output()).as("helm status").contains("STATUS: deployed").contains("REVISION: 2");
        assertThat(upgrade.output()).as("the chart's NOTES after helm upgrade")
                .contains("the metrics Service " + METRICS_SERVICE + ", the ServiceMonitor " + RELEASE
                        + ", the admission webhook's Service " + WEBHOOK + " and ValidatingWebhookConfiguration "
                        + RELEASE + ".")
                .contains("It serves the namespaces " + String.join(",", WATCHED) + " only")
                .contains("kubectl -n " + HELM_NAMESPACE + " port-forward service/" + METRICS_SERVICE + " 8080:8080");
    }

    @Test
    @Order(3)
    void helmUninstallRemovesTheReleaseButKeepsTheCrds() {
        Result uninstall = helm("uninstall", RELEASE, "--namespace", HELM_NAMESPACE);
        assertThat(uninstall.exitCode()).as("helm uninstall:%n%s", uninstall.output()).isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(admin.apps().deployments().inNamespace(HELM_NAMESPACE).withName(RELEASE).get()).isNull();
            assertThat(admin.serviceAccounts().inNamespace(HELM_NAMESPACE).withName(RELEASE).get()).isNull();
            assertThat(admin.services().inNamespace(HELM_NAMESPACE).withName(METRICS_SERVICE).get()).isNull();
            assertThat(serviceMonitors(HELM_NAMESPACE)).isEmpty();
            assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).isNull();
            assertThat(admin.rbac().clusterRoleBindings().withName(RELEASE).get()).isNull();
            assertThat(admin.rbac().roles().inNamespace("default").withName(EVENTS_ROLE).get()).isNull();
            assertThat(admin.rbac().roleBindings().inNamespace("default").withName(EVENTS_ROLE).get()).isNull();
            assertThat(admin.rbac().roles().inNamespace(HELM_NAMESPACE).withName(LEADER_ROLE).get()).isNull();
            assertThat(admin.rbac().roleBindings().inNamespace(HELM_NAMESPACE).withName(LEADER_ROLE).get()).isNull();
            assertThat(admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(RELEASE).get())
                    .isNull();
            assertThat(admin.rbac().clusterRoles().withName(WEBHOOK).get()).isNull();
            assertThat(admin.services().inNamespace(HELM_NAMESPACE).withName(WEBHOOK).get()).isNull();
            for (String watched : WATCHED) {
                assertThat(admin.rbac().roles().inNamespace(watched).withName(RELEASE).get()).isNull();
                assertThat(admin.rbac().roleBindings().inNamespace(watched).withName(RELEASE).get()).isNull();
            }
        });
        assertCrdsPresent();
        assertThat(admin.rbac().clusterRoles().withName("devcontainer-build-operator").get())
                .as("the manifests' ClusterRole is not the chart's").isNotNull();
        assertThat(admin.rbac().clusterRoleBindings().withName("devcontainer-build-operator").get())
                .as("the manifests' ClusterRoleBinding is not the chart's").isNotNull();
    }

    /**
     * A user who installed the CRDs first ({@code kubectl apply -f deploy/crds/}, or server-side as here) then runs
     * a plain {@code helm install}: Helm 4 server-side applies the chart's {@code crds/} (Helm 3 skipped existing
     * ones), which must not conflict with the CRDs already there, since they are the same.
     */
    @Test
    void helmInstallOverAlreadyInstalledCrdsSucceeds() {
        String release = "installtest-crds-" + SUFFIX;
        String namespace = "installtest-crds-" + SUFFIX;
        try {
            Result install = helm("install", release, CHART.toString(), "--namespace", namespace,
                    "--create-namespace");

            assertThat(install.exitCode()).as("helm install with the chart's crds/ over the installed CRDs:%n%s",
                    install.output()).isZero();
            assertCrdsPresent();
            assertThat(admin.apps().deployments().inNamespace(namespace).withName(release).get()).isNotNull();
        } finally {
            if (helm("status", release, "--namespace", namespace).exitCode() == 0) {
                helm("uninstall", release, "--namespace", namespace);
            }
            admin.rbac().clusterRoleBindings().withName(release).delete();
            admin.rbac().clusterRoles().withName(release).delete();
            admin.rbac().clusterRoleBindings().withName(release + "-webhook").delete();
            admin.rbac().clusterRoles().withName(release + "-webhook").delete();
            admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(release).delete();
            admin.namespaces().withName(namespace).delete();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // b. kubectl apply -f deploy/manifests/operator.yaml
    // ---------------------------------------------------------------------------------------------------------

    /**
     * The plain manifest, applied as the README says after the CRDs. (Its directory is a Kustomize base, applied
     * with {@code kubectl apply -k} by {@link KustomizeInstallTest}.) Its pod and container settings are the chart's
     * defaults.
     */
    @Test
    void kubectlApplyOfTheManifestsCreatesTheOperator() {
        Deployment expected = manifest(Deployment.class);
        String namespace = expected.getMetadata().getNamespace();
        String name = expected.getMetadata().getName();
        boolean deploymentExisted = admin.apps().deployments().inNamespace(namespace).withName(name).get() != null;
        boolean webhooksExisted = admin.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(name).get() != null;
        try {
            Result apply = kubectl(null, "apply", "-f", OPERATOR_MANIFEST.toString());
            assertThat(apply.exitCode()).as("kubectl apply -f %s:%n%s", OPERATOR_MANIFEST, apply.output()).isZero();

            for (HasMetadata object : manifests()) {
                assertThat(admin.resource(object).get()).as("%s %s after kubectl apply:%n%s", object.getKind(),
                        object.getMetadata().getName(), apply.output()).isNotNull();
            }
            Deployment deployment = admin.apps().deployments().inNamespace(namespace).withName(name).get();
            var pod = deployment.getSpec().getTemplate().getSpec();
            var expectedPod = expected.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(expectedPod.getServiceAccountName())
                    .isEqualTo(manifest(ServiceAccount.class).getMetadata()
                            .getName());
            assertThat(pod.getSecurityContext()).isEqualTo(expectedPod.getSecurityContext());
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            Container operator = operatorContainer(deployment);
            Container expectedOperator = expectedPod.getContainers().get(0);
            assertThat(operator.getImage()).isEqualTo(expectedOperator.getImage())
                    .isEqualTo("ghcr.io/dcbuild/devcontainer-build-operator:0.1.0");
            assertThat(operator.getSecurityContext()).isEqualTo(expectedOperator.getSecurityContext());
            assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(operator.getResources()).isEqualTo(expectedOperator.getResources());

            ClusterRoleBinding binding = admin.rbac().clusterRoleBindings()
                    .withName(manifest(ClusterRoleBinding.class, MANIFEST_NAME).getMetadata().getName()).get();
            assertThat(binding.getSubjects()).extracting(Subject::getName, Subject::getNamespace)
                    .containsExactly(tuple(pod.getServiceAccountName(), namespace));
            assertThat(admin.rbac().clusterRoles().withName(binding.getRoleRef().getName()).get().getRules())
                    .isEqualTo(manifest(ClusterRole.class, MANIFEST_NAME).getRules());

            Result template = helm("template", name, CHART.toString(), "--namespace", namespace);
            assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
            Deployment chartDefault = only(load(template.output()), Deployment.class);
            var chartPod = chartDefault.getSpec().getTemplate().getSpec();
            Container chartOperator = operatorContainer(chartDefault);
            assertThat(expectedPod.getSecurityContext()).as("the manifest's pod security context is the chart's")
                    .isEqualTo(chartPod.getSecurityContext());
            assertThat(expectedOperator.getSecurityContext()).isEqualTo(chartOperator.getSecurityContext());
            assertThat(expectedOperator.getImage()).isEqualTo(chartOperator.getImage());
            assertThat(expectedOperator.getResources()).isEqualTo(chartOperator.getResources());
            assertThat(expectedOperator.getPorts()).isEqualTo(chartOperator.getPorts());
            assertThat(expectedOperator.getEnv()).isEqualTo(chartOperator.getEnv());
            assertThat(expectedPod.getVolumes()).isEqualTo(chartPod.getVolumes());
            List<HasMetadata> chartObjects = load(template.output());
            assertThat(manifest(ValidatingWebhookConfiguration.class).getWebhooks())
                    .as("the manifest's webhook configuration is the chart's")
                    .isEqualTo(only(chartObjects, ValidatingWebhookConfiguration.class).getWebhooks());
            assertThat(manifest(Service.class).getSpec().getPorts()).as("the webhook Service's ports are the chart's")
                    .isEqualTo(named(chartObjects, Service.class, name + "-webhook").getSpec().getPorts());
            for (String webhookRbac : List.of("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")) {
                assertThat(rbacOf(manifests())).as("%s %s-webhook", webhookRbac, name)
                        .containsAllEntriesOf(rbacOf(chartObjects.stream().filter(o -> o.getKind().equals(webhookRbac)
                                && o.getMetadata().getName().equals(name + "-webhook")).toList()));
            }
        } finally {
            if (!deploymentExisted) {
                admin.apps().deployments().inNamespace(namespace).withName(name).delete();
            }
            if (!webhooksExisted) {
                // the API server would call a Service nobody serves for every build the other tests create
                admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // c. helm template validated by the API server
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void theChartRenderedWithDefaultValuesPassesServerSideValidation() {
        Result template = helm("template", "installtest-dryrun", CHART.toString(), "--namespace",
                DRY_RUN_NAMESPACE, "--include-crds");
        assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
        List<HasMetadata> rendered;
        try (InputStream in = new ByteArrayInputStream(template.output().getBytes(StandardCharsets.UTF_8))) {
            rendered = admin.load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(rendered).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("CustomResourceDefinition",
                "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "ConfigMap", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Deployment",
                "Service", "ValidatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding");

        assertServerAccepts(template.output(), rendered.size());
    }

    /**
     * Everything the chart can render at once (the second value set: namespaced, metrics Service and ServiceMonitor,
     * every pod setting), CRDs included, passes {@code helm lint --strict} and the API server's validation (the
     * ServiceMonitor against the minimal CRD installed for this class).
     */
    @Test
    void theChartRenderedWithEveryValueSetPassesLintAndServerSideValidation() throws IOException {
        Path valuesFile = helmHome.resolve("every-value.yaml");
        Files.writeString(valuesFile, UPGRADE_VALUES);
        Result lint = helm("lint", "--strict", CHART.toString(), "--values", valuesFile.toString());
        assertThat(lint.exitCode()).as("helm lint --strict:%n%s", lint.output()).isZero();
        Result template = helm("template", "installtest-dryrun", CHART.toString(), "--namespace", DRY_RUN_NAMESPACE,
                "--include-crds", "--values", valuesFile.toString());
        assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
        List<HasMetadata> rendered = load(template.output());

        assertThat(rendered).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("CustomResourceDefinition",
                "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "ConfigMap", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Role",
                "RoleBinding", "Role", "RoleBinding", "Deployment", "Service", "ServiceMonitor",
                "Service", "ValidatingWebhookConfiguration", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding");
        assertServerAccepts(template.output(), rendered.size());
    }

    /**
     * The git push receiver ({@code gitEvents}): a Service to the operator's HTTP port that selects only the pod that
     * leads ({@code dcbuild.io/leader=true}, which LeaderPodLabel writes), a Role with get of the named Secret and
     * patch of pods in the release namespace, and the operator told the Secret, its namespace and its pod; accepted
     * by the API server. Without a Secret's name the chart refuses, in one sentence. GitEventsRightsTest checks that
     * the Role grants what the receiver does.
     */
    @Test
    void theGitPushReceiverIsAServiceToTheLeadingPod() {
        Result template = helm("template", "installtest-dryrun", CHART.toString(), "--namespace", DRY_RUN_NAMESPACE,
                "--set", "gitEvents.enabled=true", "--set", "gitEvents.secretName=webhooks");
        assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
        List<HasMetadata> rendered = load(template.output());

        Service service = named(rendered, Service.class, "installtest-dryrun-git-events");
        assertThat(service.getMetadata().getName()).isEqualTo("installtest-dryrun-git-events");
        assertThat(service.getSpec().getSelector()).containsEntry("dcbuild.io/leader", "true")
                .containsEntry("app.kubernetes.io/instance", "installtest-dryrun");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("git-events");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        Role role = rendered.stream().filter(Role.class::isInstance).map(Role.class::cast)
                .filter(r -> r.getMetadata().getName().equals("installtest-dryrun-git-events")).findFirst()
                .orElseThrow();
        assertThat(role.getRules()).extracting(PolicyRule::getResources, PolicyRule::getResourceNames,
                PolicyRule::getVerbs).containsExactly(tuple(List.of("secrets"), List.of("webhooks"), List.of("get")),
                        tuple(List.of("pods"), List.of(), List.of("patch")));
        Map<String, String> env = env(operatorContainer(only(rendered, Deployment.class)));
        assertThat(env).containsEntry("DCBUILD_GIT_EVENTS_SECRET_NAME", "webhooks");
        assertThat(operatorContainer(only(rendered, Deployment.class)).getEnv()).filteredOn(e -> e.getName()
                .startsWith("DCBUILD_GIT_EVENTS_") && e.getValueFrom() != null)
                .extracting(e -> e.getName() + "=" + e.getValueFrom().getFieldRef().getFieldPath())
                .containsExactlyInAnyOrder("DCBUILD_GIT_EVENTS_NAMESPACE=metadata.namespace",
                        "DCBUILD_GIT_EVENTS_POD_NAME=metadata.name");
        assertServerAccepts(template.output(), rendered.size());

        Result noSecret = helm("template", "installtest-dryrun", CHART.toString(), "--set", "gitEvents.enabled=true");
        assertThat(noSecret.exitCode()).isNotZero();
        assertThat(noSecret.output()).contains("gitEvents.enabled needs gitEvents.secretName");
    }

    /**
     * The admission webhook's values: {@code failurePolicy: Fail} and the timeout reach both webhooks (accepted by the
     * API server); {@code certificates: cert-manager} renders a self-signed Issuer and a Certificate for the Service's
     * names, the CA injection annotation, the Secret mounted into the pod and the operator told to serve the files,
     * and no rights on Secrets or on the configuration (cert-manager writes them); {@code enabled: false} renders no
     * webhook object, no port, and tells the operator not to serve; a failurePolicy outside Ignore/Fail is refused.
     */
    @Test
    void theWebhookValuesChangeWhatTheApiServerAsksAndWhereTheCertificateComesFrom() {
        Result fail = helm("template", "installtest-dryrun", CHART.toString(), "--namespace", DRY_RUN_NAMESPACE,
                "--set", "webhook.failurePolicy=Fail", "--set", "webhook.timeoutSeconds=3");
        assertThat(fail.exitCode()).as("helm template:%n%s", fail.output()).isZero();
        assertThat(only(load(fail.output()), ValidatingWebhookConfiguration.class).getWebhooks())
                .extracting(ValidatingWebhook::getFailurePolicy, ValidatingWebhook::getTimeoutSeconds)
                .containsOnly(tuple("Fail", 3));
        assertServerAccepts(fail.output(), load(fail.output()).size());

        Result certManager = helm("template", "installtest-dryrun", CHART.toString(), "--namespace",
                DRY_RUN_NAMESPACE, "--set", "webhook.certificates=cert-manager");
        assertThat(certManager.exitCode()).as("helm template:%n%s", certManager.output()).isZero();
        List<HasMetadata> rendered = load(certManager.output());
        assertThat(rendered).filteredOn(o -> o.getApiVersion().equals("cert-manager.io/v1"))
                .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .containsExactlyInAnyOrder("Issuer installtest-dryrun-webhook", "Certificate installtest-dryrun-webhook");
        GenericKubernetesResource certificate = rendered.stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("Certificate"))
                .findFirst().orElseThrow();
        assertThat((String) certificate.get("spec", "secretName")).isEqualTo("installtest-dryrun-webhook-tls");
        assertThat((List<String>) certificate.get("spec", "dnsNames")).containsExactly(
                "installtest-dryrun-webhook." + DRY_RUN_NAMESPACE + ".svc",
                "installtest-dryrun-webhook." + DRY_RUN_NAMESPACE + ".svc.cluster.local");
        assertThat(only(rendered, ValidatingWebhookConfiguration.class).getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from", DRY_RUN_NAMESPACE + "/installtest-dryrun-webhook");
        Deployment deployment = only(rendered, Deployment.class);
        assertThat(env(operatorContainer(deployment))).containsEntry("DCBUILD_WEBHOOK_CERTIFICATES", "mounted");
        assertThat(operatorContainer(deployment).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/var/run/dcbuild/webhook-tls");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(volume -> volume.getSecret() != null).extracting(volume -> volume.getSecret().getSecretName())
                .containsExactly("installtest-dryrun-webhook-tls");
        assertThat(rendered).extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .doesNotContain("ClusterRole installtest-dryrun-webhook", "Role installtest-dryrun-webhook");

        Result off = helm("template", "installtest-dryrun", CHART.toString(), "--set", "webhook.enabled=false");
        assertThat(off.exitCode()).as("helm template:%n%s", off.output()).isZero();
        List<HasMetadata> without = load(off.output());
        assertThat(without).extracting(HasMetadata::getKind).doesNotContain("ValidatingWebhookConfiguration",
                "Service");
        assertThat(env(operatorContainer(only(without, Deployment.class))))
                .containsEntry("DCBUILD_WEBHOOK_ENABLED", "false");
        assertThat(operatorContainer(only(without, Deployment.class)).getPorts()).extracting(p -> p.getName())
                .containsExactly("http");

        Result never = helm("template", "installtest-bad", CHART.toString(), "--set", "webhook.failurePolicy=Never");
        assertThat(never.exitCode()).isNotZero();
        assertThat(never.output()).contains("at '/webhook/failurePolicy': value must be one of 'Ignore', 'Fail'");
    }

    /**
     * The PrometheusRule of deploy/monitoring/ (against the minimal CRD installed for this class, with strict field
     * validation), in a namespace of the user's choice as {@code kubectl apply -n} puts it.
     */
    @Test
    void thePrometheusRuleIsAcceptedByTheApiServer() throws IOException {
        String rules = Files.readString(PROMETHEUS_RULES);
        Result dryRun = kubectl(rules, "apply", "--dry-run=server", "--validate=strict", "-n", DRY_RUN_NAMESPACE,
                "-f", "-");

        assertThat(dryRun.exitCode()).as("kubectl apply --dry-run=server -f %s:%n%s", PROMETHEUS_RULES,
                dryRun.output()).isZero();
        assertThat(dryRun.output()).contains("prometheusrule.monitoring.coreos.com/devcontainer-build-operator created "
                + "(server dry run)");
    }

    /**
     * values.schema.json: a value of the wrong type and a key the chart does not know (at the top level, in image,
     * in metrics) are refused by {@code helm lint}, {@code helm template} (and so install and upgrade), each named
     * with its path; so are more than one replica (no leader election yet) and a ServiceMonitor without the metrics
     * Service, each in one sentence.
     */
    @Test
    void theChartRefusesUnknownKeysWrongTypesAndSettingsItCannotRun() throws IOException {
        Path valuesFile = helmHome.resolve("bad-values.yaml");
        Files.writeString(valuesFile, """
                replicas: 1
                replicaCount: "1"
                image:
                  tag: 0.2
                  pullPolicy: Sometimes
                logFormat: yaml
                watchNamespaces: team-a
                metrics:
                  service:
                    enable: true
                """);
        List<String> complaints = List.of("additional properties 'replicas' not allowed",
                "at '/replicaCount': got string, want integer", "at '/image/tag': got number, want string",
                "at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'",
                "at '/logFormat': value must be one of 'text', 'json'",
                "at '/watchNamespaces': got string, want array",
                "at '/metrics/service': additional properties 'enable' not allowed");
        Result lint = helm("lint", "--strict", CHART.toString(), "--values", valuesFile.toString());
        assertThat(lint.exitCode()).as("helm lint --strict with bad values:%n%s", lint.output()).isNotZero();
        assertThat(lint.output()).contains("values don't meet the specifications of the schema")
                .contains(complaints);
        Result template = helm("template", "installtest-bad", CHART.toString(), "--values", valuesFile.toString());
        assertThat(template.exitCode()).as("helm template with bad values:%n%s", template.output()).isNotZero();
        assertThat(template.output()).contains(complaints);

        Result two = helm("template", "installtest-bad", CHART.toString(), "--set", "replicaCount=2", "--set",
                "leaderElection.enabled=false");
        assertThat(two.exitCode()).isNotZero();
        assertThat(two.output()).contains("replicaCount 2 needs leaderElection.enabled: without the Lease, 2 "
                + "replicas would reconcile the same builds at once.");
        Result alone = helm("template", "installtest-dryrun", CHART.toString(), "--set",
                "leaderElection.enabled=false");
        assertThat(alone.exitCode()).as("helm template without leader election:%n%s", alone.output()).isZero();
        Deployment single = only(load(alone.output()), Deployment.class);
        assertThat(single.getSpec().getStrategy().getType()).as("without the Lease, never two pods at once")
                .isEqualTo("Recreate");
        assertThat(env(operatorContainer(single))).containsEntry("DCBUILD_LEADER_ELECTION_ENABLED", "false");
        assertThat(load(alone.output())).filteredOn(Role.class::isInstance)
                .extracting(role -> role.getMetadata().getName()).doesNotContain("installtest-dryrun-leader-election");
        Result monitorAlone = helm("template", "installtest-bad", CHART.toString(), "--set",
                "metrics.serviceMonitor.enabled=true");
        assertThat(monitorAlone.exitCode()).isNotZero();
        assertThat(monitorAlone.output()).contains("metrics.serviceMonitor.enabled needs metrics.service.enabled");

        Result stopped = helm("template", "installtest-dryrun", CHART.toString(), "--set", "replicaCount=0");
        assertThat(stopped.exitCode()).as("helm template with replicaCount=0:%n%s", stopped.output()).isZero();
        assertThat(only(load(stopped.output()), Deployment.class).getSpec().getReplicas()).isZero();
    }

    /**
     * A namespaced install ({@code watchNamespaces}): a Role and RoleBinding in each watched namespace with the rights
     * on namespaced objects, one in the namespace of the policies' CA bundles (get only), one for Events in default,
     * and a ClusterRole with cluster-scoped reads only; the operator is told the namespaces. The API server accepts
     * every object, and {@code helm lint --strict} the values.
     */
    @Test
    void theChartRenderedForANamespacedInstallPassesLintAndServerSideValidation() {
        String[] values = {"--set", "watchNamespaces={" + String.join(",", WATCHED) + "," + WATCHED.get(0) + "}",
                "--set", "policyMaterialNamespaces={" + MATERIAL_NAMESPACE + "}"};
        Result lint = helm(concat(new String[] {"lint", "--strict", CHART.toString()}, values));
        assertThat(lint.exitCode()).as("helm lint --strict with watchNamespaces:%n%s", lint.output()).isZero();
        Result template = helm(concat(new String[] {"template", "installtest-dryrun", CHART.toString(),
                "--namespace", DRY_RUN_NAMESPACE}, values));
        assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
        List<HasMetadata> rendered = load(template.output());

        assertThat(rendered).extracting(object -> object.getKind() + " " + object.getMetadata().getNamespace()
                + "/" + object.getMetadata().getName()).containsExactlyInAnyOrder(
                        "ServiceAccount " + DRY_RUN_NAMESPACE + "/installtest-dryrun",
                        "ConfigMap " + DRY_RUN_NAMESPACE + "/installtest-dryrun-trusted-ca",
                        "ClusterRole null/installtest-dryrun", "ClusterRoleBinding null/installtest-dryrun",
                        "Role " + WATCHED.get(0) + "/installtest-dryrun",
                        "RoleBinding " + WATCHED.get(0) + "/installtest-dryrun",
                        "Role " + WATCHED.get(1) + "/installtest-dryrun",
                        "RoleBinding " + WATCHED.get(1) + "/installtest-dryrun",
                        "Role " + MATERIAL_NAMESPACE + "/installtest-dryrun-policy-material",
                        "RoleBinding " + MATERIAL_NAMESPACE + "/installtest-dryrun-policy-material",
                        "Role default/installtest-dryrun-policy-events",
                        "RoleBinding default/installtest-dryrun-policy-events",
                        "Role " + DRY_RUN_NAMESPACE + "/installtest-dryrun-leader-election",
                        "RoleBinding " + DRY_RUN_NAMESPACE + "/installtest-dryrun-leader-election",
                        "Deployment " + DRY_RUN_NAMESPACE + "/installtest-dryrun",
                        "Service " + DRY_RUN_NAMESPACE + "/installtest-dryrun-webhook",
                        "ValidatingWebhookConfiguration null/installtest-dryrun",
                        "ClusterRole null/installtest-dryrun-webhook",
                        "ClusterRoleBinding null/installtest-dryrun-webhook",
                        "Role " + DRY_RUN_NAMESPACE + "/installtest-dryrun-webhook",
                        "RoleBinding " + DRY_RUN_NAMESPACE + "/installtest-dryrun-webhook");
        ClusterRole clusterRole = named(rendered, ClusterRole.class, "installtest-dryrun");
        assertThat(clusterRole.getRules()).flatExtracting(PolicyRule::getResources).as("cluster-wide rights")
                .containsOnly("devcontainerbuildpolicies", "devcontainerbuildpolicies/status", "namespaces",
                        "proxies", "devcontainerbuilds");
        assertThat(clusterRole.getRules()).filteredOn(rule -> rule.getResources().contains("devcontainerbuilds"))
                .flatExtracting(PolicyRule::getVerbs).as("builds, cluster-wide: listed for retention marks only")
                .containsExactly("list");
        List<PolicyRule> clusterWide = manifest(ClusterRole.class, MANIFEST_NAME).getRules();
        for (String watched : WATCHED) {
            Role role = rendered.stream().filter(Role.class::isInstance).map(Role.class::cast)
                    .filter(r -> r.getMetadata().getNamespace().equals(watched)).findFirst().orElseThrow();
            assertThat(clusterWide).as("the Role of %s: the rights the cluster-wide install has on namespaced objects",
                    watched).endsWith(role.getRules().toArray(PolicyRule[]::new));
        }
        assertThat(env(operatorContainer(only(rendered, Deployment.class))))
                .containsEntry("DCBUILD_WATCH_NAMESPACES", String.join(",", WATCHED));
        ValidatingWebhookConfiguration webhooks = only(rendered, ValidatingWebhookConfiguration.class);
        assertThat(webhooks.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions())
                .as("builds of the watched namespaces only").singleElement().satisfies(expression -> {
                    assertThat(expression.getKey()).isEqualTo("kubernetes.io/metadata.name");
                    assertThat(expression.getOperator()).isEqualTo("In");
                    assertThat(expression.getValues()).containsExactlyElementsOf(WATCHED);
                });
        assertThat(webhooks.getWebhooks().get(1).getNamespaceSelector()).as("policies are cluster-scoped")
                .satisfiesAnyOf(selector -> assertThat(selector).isNull(),
                        selector -> assertThat(selector.getMatchExpressions()).isNullOrEmpty());

        assertServerAccepts(template.output(), rendered.size());
    }

    /** With {@code watchNamedSecrets: false} no list or watch of Secrets is granted, and none is made. */
    @Test
    void namedSecretWatchesCanBeTurnedOffWithTheirRights() {
        Result template = helm("template", "installtest-dryrun", CHART.toString(), "--namespace", DRY_RUN_NAMESPACE,
                "--set", "watchNamedSecrets=false");
        assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
        List<HasMetadata> rendered = load(template.output());

        assertThat(named(rendered, ClusterRole.class, "installtest-dryrun").getRules())
                .filteredOn(rule -> rule.getResources().contains("secrets")).flatExtracting(PolicyRule::getVerbs)
                .containsExactlyInAnyOrder("get", "create", "update");
        assertThat(env(operatorContainer(only(rendered, Deployment.class))))
                .containsEntry("DCBUILD_SECRETS_MAX_WATCHES", "0");
    }

    /**
     * {@code kubectl kustomize deploy/namespaced/} (the overlay of the base deploy/manifests/) renders what the chart
     * renders with {@code watchNamespaces: [team-a, team-b]} for the release {@code devcontainer-build-operator} in
     * {@code dcbuild-system} (the same RBAC, rule for rule, and the same operator environment), and the API server
     * accepts all of it, the CRDs of the base included.
     */
    @Test
    void theNamespacedOverlayIsTheChartsNamespacedRenderingAndIsAccepted() {
        List<String> created = new ArrayList<>();
        for (String namespace : EXAMPLE_NAMESPACES) {
            if (admin.namespaces().withName(namespace).get() == null) {
                admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .endMetadata().build()).create();
                created.add(namespace);
            }
        }
        try {
            Result kustomized = kubectl(null, "kustomize", "deploy/namespaced");
            assertThat(kustomized.exitCode()).as("kubectl kustomize deploy/namespaced:%n%s", kustomized.output())
                    .isZero();
            List<HasMetadata> manifests = load(kustomized.output());
            Result template = helm("template", "devcontainer-build-operator", CHART.toString(), "--namespace",
                    "dcbuild-system", "--set", "watchNamespaces={" + String.join(",", EXAMPLE_NAMESPACES) + "}");
            assertThat(template.exitCode()).as("helm template:%n%s", template.output()).isZero();
            List<HasMetadata> chart = load(template.output());

            assertThat(rbacOf(manifests)).as("the RBAC of deploy/namespaced/").isEqualTo(rbacOf(chart));
            assertThat(only(manifests, ValidatingWebhookConfiguration.class).getWebhooks())
                    .as("the webhooks of deploy/namespaced/ (builds of team-a and team-b only)")
                    .isEqualTo(only(chart, ValidatingWebhookConfiguration.class).getWebhooks());
            assertThat(env(operatorContainer(only(manifests, Deployment.class))))
                    .containsEntry("DCBUILD_WATCH_NAMESPACES", String.join(",", EXAMPLE_NAMESPACES))
                    .containsExactlyInAnyOrderEntriesOf(env(operatorContainer(only(chart, Deployment.class))));
            assertThat(manifests).filteredOn(CustomResourceDefinition.class::isInstance)
                    .extracting(crd -> crd.getMetadata().getName()).as("the base's CRDs")
                    .containsExactlyInAnyOrderElementsOf(CRDS);
            // dry-run objects in dcbuild-system need it to exist: deploy/manifests/ made it (installCrdsAndRbac)
            assertServerAccepts(kustomized.output(), manifests.size());
        } finally {
            for (String namespace : created) {
                admin.namespaces().withName(namespace).delete();
            }
        }
    }

    private static void assertServerAccepts(String objects, int count) {
        Result dryRun = kubectl(objects, "apply", "--dry-run=server", "-f", "-");

        assertThat(dryRun.exitCode()).as("kubectl apply --dry-run=server:%n%s", dryRun.output()).isZero();
        assertThat(dryRun.output().lines().filter(line -> line.endsWith("(server dry run)")))
                .as("every object validated:%n%s", dryRun.output()).hasSize(count);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    private static void assertCrdsPresent() {
        for (String crd : CRDS) {
            assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(crd).get())
                    .as("CRD %s", crd).isNotNull();
        }
    }

    private static String releaseOf(HasMetadata object) {
        return object.getMetadata().getAnnotations() == null ? null
                : object.getMetadata().getAnnotations().get("meta.helm.sh/release-name");
    }

    private static Container operatorContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("operator")).findFirst()
                .orElseThrow(() -> new AssertionError("no container 'operator' in " + deployment));
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        return env;
    }

    /** The variables taken from the pod's own fields (downward API): name to field path. */
    private static Map<String, String> fieldRefs(Container container) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                refs.put(var.getName(), var.getValueFrom().getFieldRef().getFieldPath());
            }
        }
        return refs;
    }

    /** The objects of deploy/manifests/operator.yaml (the base's kustomization.yaml adds the CRDs to them). */
    private static List<HasMetadata> manifests() {
        try (InputStream in = Files.newInputStream(OPERATOR_MANIFEST)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPERATOR_MANIFEST, e);
        }
    }

    /** The object of that type and name in deploy/manifests/operator.yaml. */
    private static <T extends HasMetadata> T manifest(Class<T> type, String name) {
        List<T> found = manifests().stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s in %s", type.getSimpleName(), name, OPERATOR_MANIFEST).hasSize(1);
        return found.get(0);
    }

    /** The one object of that type in deploy/manifests/operator.yaml. */
    private static <T extends HasMetadata> T manifest(Class<T> type) {
        List<T> found = manifests().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s in %s", type.getSimpleName(), OPERATOR_MANIFEST).hasSize(1);
        return found.get(0);
    }

    /** The ServiceMonitors in {@code namespace}. */
    private static List<GenericKubernetesResource> serviceMonitors(String namespace) {
        return admin.genericKubernetesResources(SERVICE_MONITOR_API, "ServiceMonitor").inNamespace(namespace).list()
                .getItems();
    }

    private static List<HasMetadata> load(String yaml) {
        try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one object of that type among {@code objects}. */
    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s among %s", type.getSimpleName(), objects).hasSize(1);
        return found.get(0);
    }

    /** The object of that type and name among {@code objects}. */
    private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s among %s", type.getSimpleName(), name, objects).hasSize(1);
        return found.get(0);
    }

    /** Each RBAC object (and the ServiceAccount) as {@code kind namespace/name} with what it grants to whom. */
    private static Map<String, String> rbacOf(List<HasMetadata> objects) {
        Map<String, String> rbac = new TreeMap<>();
        for (HasMetadata object : objects) {
            String key = object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                    + object.getMetadata().getName();
            if (object instanceof ClusterRole role) {
                rbac.put(key, role.getRules().toString());
            } else if (object instanceof Role role) {
                rbac.put(key, role.getRules().toString());
            } else if (object instanceof ClusterRoleBinding binding) {
                rbac.put(key, binding.getRoleRef() + " " + binding.getSubjects());
            } else if (object instanceof RoleBinding binding) {
                rbac.put(key, binding.getRoleRef() + " " + binding.getSubjects());
            } else if (object instanceof ServiceAccount) {
                rbac.put(key, "");
            }
        }
        return rbac;
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The real kubectl as the cluster administrator, with {@code stdin} (if not null) as its input. */
    private static Result kubectl(String stdin, String... args) {
        return controlPlane.commands().kubectl(stdin, args);
    }

    /** The real helm as the cluster administrator. */
    private static Result helm(String... args) {
        return controlPlane.commands().helm(args);
    }
}
