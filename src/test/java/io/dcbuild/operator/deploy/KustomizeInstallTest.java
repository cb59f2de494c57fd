package io.dcbuild.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.testing.Fixtures;
import io.dcbuild.operator.testing.controlplane.ClusterCommands.Result;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.dcbuild.operator.testing.controlplane.TestNamespaces;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kustomize install as a user runs it, with the real {@code kubectl} (its built-in Kustomize) against a real API
 * server of its own ({@link ControlPlane#startPrivate}): the base {@code deploy/manifests/} (the CRDs of
 * {@code deploy/crds/} and {@code operator.yaml}), then the overlay {@code deploy/namespaced/} over it (the operator
 * serving team-a and team-b only), then {@code kubectl delete -k}. What is asserted is what a user sees: the objects
 * kubectl reports and the API server then holds, the CRDs served ({@code kubectl get dcb}), and what the operator's
 * ServiceAccount may do, asked of the API server's RBAC with {@code kubectl auth can-i --as}.
 *
 * <p>A control plane of its own, because the overlay narrows the ClusterRole {@code devcontainer-build-operator},
 * which the operator of the other test classes holds on the shared one. Everything is applied for real, the
 * Deployment too: this control plane has no deployment controller, scheduler or kubelet, so nothing starts.
 * InstallationTest checks that the base and the overlay are what the chart renders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KustomizeInstallTest {

    private static final String BASE = "deploy/manifests";
    private static final String OVERLAY = "deploy/namespaced";
    private static final String NAMESPACE = "dcbuild-system";
    private static final String NAME = "devcontainer-build-operator";
    private static final String OPERATOR = "system:serviceaccount:" + NAMESPACE + ":" + NAME;
    private static final List<String> WATCHED = List.of("team-a", "team-b");
    /** A namespace the overlay does not serve. */
    private static final String OTHER = "team-c";
    private static final List<String> CRDS = List.of("devcontainerbuilds.dcbuild.io",
            "devcontainerbuildpolicies.dcbuild.io", "devcontainerbuildruns.dcbuild.io");
    private static final List<String> BASE_OBJECTS = List.of(
            "CustomResourceDefinition devcontainerbuilds.dcbuild.io",
            "CustomResourceDefinition devcontainerbuildpolicies.dcbuild.io",
            "CustomResourceDefinition devcontainerbuildruns.dcbuild.io",
            "Namespace dcbuild-system",
            "ServiceAccount dcbuild-system/devcontainer-build-operator",
            "ConfigMap dcbuild-system/devcontainer-build-operator-trusted-ca",
            "ClusterRole devcontainer-build-operator",
            "ClusterRoleBinding devcontainer-build-operator",
            "Role default/devcontainer-build-operator-policy-events",
            "RoleBinding default/devcontainer-build-operator-policy-events",
            "Role dcbuild-system/devcontainer-build-operator-leader-election",
            "RoleBinding dcbuild-system/devcontainer-build-operator-leader-election",
            "ClusterRole devcontainer-build-operator-webhook",
            "ClusterRoleBinding devcontainer-build-operator-webhook",
            "Role dcbuild-system/devcontainer-build-operator-webhook",
            "RoleBinding dcbuild-system/devcontainer-build-operator-webhook",
            "Service dcbuild-system/devcontainer-build-operator-webhook",
            "ValidatingWebhookConfiguration devcontainer-build-operator",
            "Deployment dcbuild-system/devcontainer-build-operator");
    private static final List<String> OVERLAY_ADDS = List.of(
            "Role team-a/devcontainer-build-operator", "RoleBinding team-a/devcontainer-build-operator",
            "Role team-b/devcontainer-build-operator", "RoleBinding team-b/devcontainer-build-operator",
            "Role dcbuild-system/devcontainer-build-operator-policy-material",
            "RoleBinding dcbuild-system/devcontainer-build-operator-policy-material");

    private static ControlPlane controlPlane;
    private static TestNamespaces namespaces;

    @BeforeAll
    static void startControlPlane() {
        controlPlane = ControlPlane.startPrivate("kustomize");
        namespaces = new TestNamespaces(admin());
        // the overlay's Roles go into namespaces that exist already, as its kustomization.yaml says
        for (String namespace : Stream.concat(WATCHED.stream(), Stream.of(OTHER)).toList()) {
            namespaces.create(namespace, Map.of());
        }
    }

    @AfterAll
    static void stopControlPlane() {
        Fixtures.closeAll(namespaces, controlPlane);
    }

    /**
     * {@code kubectl apply -k deploy/manifests/}: the CRDs, served at once, and the operator serving every
     * namespace with the rights of the README's table, bound to the Deployment's ServiceAccount.
     */
    @Test
    @Order(1)
    void theBaseInstallsTheCrdsAndTheOperatorServingEveryNamespace() throws IOException {
        Result kustomized = kubectl(null, "kustomize", BASE);
        assertThat(kustomized.exitCode()).as("kubectl kustomize %s:%n%s", BASE, kustomized.output()).isZero();
        List<HasMetadata> objects = load(kustomized.output());
        assertThat(objects).extracting(KustomizeInstallTest::key).containsExactlyInAnyOrderElementsOf(BASE_OBJECTS);
        List<HasMetadata> files = new ArrayList<>(load(Files.readString(Path.of(BASE, "operator.yaml"))));
        for (String crd : CRDS) {
            files.addAll(load(Files.readString(Path.of("deploy/crds", crd + "-v1.yml"))));
        }
        assertThat(objects).as("the base is deploy/crds/ and operator.yaml, unchanged")
                .containsExactlyInAnyOrderElementsOf(files);

        Result apply = kubectl(null, "apply", "-k", BASE);

        assertThat(apply.exitCode()).as("kubectl apply -k %s:%n%s", BASE, apply.output()).isZero();
        assertThat(apply.output().lines().filter(line -> line.endsWith(" created")))
                .as("kubectl apply -k %s:%n%s", BASE, apply.output()).hasSize(BASE_OBJECTS.size());
        for (HasMetadata object : objects) {
            assertThat(admin().resource(object).get()).as("%s after kubectl apply -k", key(object)).isNotNull();
        }
        Result established = kubectl(null, "wait", "--for=condition=Established", "--timeout=60s",
                "crd/" + CRDS.get(0), "crd/" + CRDS.get(1), "crd/" + CRDS.get(2));
        assertThat(established.exitCode()).as("kubectl wait:%n%s", established.output()).isZero();
        Result builds = kubectl(null, "get", "dcb", "-A");
        assertThat(builds.exitCode()).as("kubectl get dcb -A:%n%s", builds.output()).isZero();
        assertThat(builds.output()).contains("No resources found");
        assertThat(kubectl(null, "get", "dcbp").exitCode()).as("kubectl get dcbp").isZero();

        Deployment deployment = admin().apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(NAME);
        assertThat(admin().serviceAccounts().inNamespace(NAMESPACE).withName(NAME).get()).isNotNull();
        assertThat(env(deployment)).doesNotContainKey("DCBUILD_WATCH_NAMESPACES");
        assertThat(admin().rbac().clusterRoleBindings().withName(NAME).get().getSubjects())
                .containsExactly(operatorSubject());

        // what the ServiceAccount may do, in any namespace
        for (String namespace : List.of(WATCHED.get(0), OTHER)) {
            assertCan("create", "pods", namespace);
            assertCan("get", "pods/log", namespace);
            assertCan("watch", "devcontainerbuilds", namespace);
            assertCan("patch", "devcontainerbuilds/status", namespace);
            assertCan("create", "devcontainerbuildruns", namespace);
            assertCan("get", "secrets", namespace);
            assertCannot("delete", "secrets", namespace);
            assertCannot("patch", "devcontainerbuilds", namespace);
        }
        assertCan("list", "devcontainerbuilds", null);
        assertCan("watch", "devcontainerbuildpolicies", null);
        assertCan("patch", "devcontainerbuildpolicies/status", null);
        assertCan("watch", "namespaces", null);
        assertCan("create", "events", "default");
        assertCan("patch", "events", OTHER); // Events about builds, wherever builds are (cluster-wide install)
        assertCannot("delete", "events", OTHER);
        assertCannot("get", "nodes", null);
        assertCan("update", "leases.coordination.k8s.io", NAMESPACE); // leader election, in its own namespace
        assertCannot("create", "leases.coordination.k8s.io", OTHER);
        // the admission webhook's self-signed certificate: its Secret, and the caBundle of its configuration only
        assertCan("create", "secrets", NAMESPACE);
        assertThat(canIOnNamed("update", "secrets/" + NAME + "-webhook-tls", NAMESPACE)).isTrue();
        assertThat(canIOnNamed("patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/" + NAME, null))
                .as("the operator may patch its own webhook configuration").isTrue();
        assertThat(canIOnNamed("patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/another", null))
                .as("but no other").isFalse();
        assertCannot("create", "validatingwebhookconfigurations.admissionregistration.k8s.io", null);
        assertThat(canIOnNamed("patch", "mutatingwebhookconfigurations.admissionregistration.k8s.io/" + NAME, null))
                .isFalse();
    }

    /**
     * {@code kubectl apply -k deploy/namespaced/} over the base: the ClusterRole narrowed to the cluster-scoped reads,
     * a Role bound to the ServiceAccount in each watched namespace and the operator told which; nothing left of the
     * rights in a namespace it does not serve.
     */
    @Test
    @Order(2)
    void theNamespacedOverlayConfinesTheOperatorToTheWatchedNamespaces() {
        Result kustomized = kubectl(null, "kustomize", OVERLAY);
        assertThat(kustomized.exitCode()).as("kubectl kustomize %s:%n%s", OVERLAY, kustomized.output()).isZero();
        List<HasMetadata> objects = load(kustomized.output());
        assertThat(objects).extracting(KustomizeInstallTest::key).containsExactlyInAnyOrderElementsOf(
                Stream.concat(BASE_OBJECTS.stream(), OVERLAY_ADDS.stream()).toList());
        Deployment rendered = only(objects, Deployment.class);
        List<String> roleNamespaces = objects.stream().filter(Role.class::isInstance)
                .filter(role -> role.getMetadata().getName().equals(NAME))
                .map(role -> role.getMetadata().getNamespace()).sorted().toList();
        assertThat(String.join(",", roleNamespaces)).as("DCBUILD_WATCH_NAMESPACES names the Roles' namespaces")
                .isEqualTo(env(rendered).get("DCBUILD_WATCH_NAMESPACES")).isEqualTo(String.join(",", WATCHED));
        for (HasMetadata object : objects) {
            if (object instanceof RoleBinding binding) {
                assertThat(binding.getSubjects()).as("subjects of %s", key(object)).containsExactly(operatorSubject());
            } else if (object instanceof ClusterRoleBinding binding) {
                assertThat(binding.getSubjects()).as("subjects of %s", key(object)).containsExactly(operatorSubject());
            }
        }

        Result apply = kubectl(null, "apply", "-k", OVERLAY);

        assertThat(apply.exitCode()).as("kubectl apply -k %s:%n%s", OVERLAY, apply.output()).isZero();
        assertThat(apply.output()).as("kubectl apply -k %s", OVERLAY)
                .contains("clusterrole.rbac.authorization.k8s.io/devcontainer-build-operator configured")
                .contains("deployment.apps/devcontainer-build-operator configured")
                .contains("validatingwebhookconfiguration.admissionregistration.k8s.io/devcontainer-build-operator "
                        + "configured")
                .contains("role.rbac.authorization.k8s.io/devcontainer-build-operator created");
        assertThat(apply.output().lines().filter(line -> line.endsWith(" created")))
                .as("created by the overlay:%n%s", apply.output()).hasSize(OVERLAY_ADDS.size());
        Deployment deployment = admin().apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(env(deployment)).containsEntry("DCBUILD_WATCH_NAMESPACES", "team-a,team-b")
                .containsKey("DCBUILD_BUILDER_DEFAULT_IMAGE");
        assertThat(admin().rbac().clusterRoles().withName(NAME).get().getRules())
                .flatExtracting(PolicyRule::getResources).as("the cluster-wide rights left")
                .containsOnly("devcontainerbuildpolicies", "devcontainerbuildpolicies/status", "namespaces",
                        "proxies", "devcontainerbuilds");

        for (String namespace : WATCHED) {
            assertCan("create", "pods", namespace);
            assertCan("get", "pods/log", namespace);
            assertCan("watch", "devcontainerbuilds", namespace);
            assertCan("patch", "devcontainerbuilds/status", namespace);
            assertCan("create", "devcontainerbuildruns", namespace);
            assertCan("watch", "secrets", namespace);
            assertCan("create", "configmaps", namespace);
            assertCan("patch", "events", namespace);
        }
        assertCannot("create", "pods", OTHER);
        assertCannot("watch", "devcontainerbuilds", OTHER);
        assertCannot("get", "secrets", OTHER);
        assertCannot("create", "devcontainerbuildruns", OTHER);
        assertCannot("create", "events", OTHER); // Events about builds only in the watched namespaces
        assertCan("list", "devcontainerbuilds", null);
        assertCannot("watch", "devcontainerbuilds", null);
        assertCan("watch", "devcontainerbuildpolicies", null);
        assertCan("watch", "namespaces", null);
        assertCan("get", "secrets", NAMESPACE);
        assertCan("get", "configmaps", NAMESPACE);
        assertCannot("list", "secrets", NAMESPACE);
        assertCan("create", "events", "default");
        // the admission webhook's certificate: in its own namespace, its one Secret (the cluster-wide install may
        // write Secrets everywhere for the derived ones; here nothing else is granted)
        assertThat(canIOnNamed("update", "secrets/" + NAME + "-webhook-tls", NAMESPACE)).isTrue();
        assertThat(canIOnNamed("update", "secrets/some-other-secret", NAMESPACE)).isFalse();
        assertThat(canIOnNamed("patch", "validatingwebhookconfigurations.admissionregistration.k8s.io/" + NAME, null))
                .isTrue();
    }

    /**
     * {@code kubectl apply -f deploy/crds/}, the plain way the README keeps: the directory's {@code Kustomization}
     * file (no .yaml extension) is not taken for an object, and {@code kubectl kustomize deploy/crds} gives every CRD
     * file of the directory (a CRD that {@code make crds} adds must be listed there too).
     */
    @Test
    @Order(3)
    void theCrdDirectoryStillAppliesWithoutKustomize() throws IOException {
        Result dryRun = kubectl(null, "apply", "--dry-run=server", "-f", "deploy/crds/");

        assertThat(dryRun.exitCode()).as("kubectl apply -f deploy/crds/:%n%s", dryRun.output()).isZero();
        assertThat(dryRun.output().lines().filter(line -> line.endsWith("(server dry run)")))
                .as("kubectl apply -f deploy/crds/:%n%s", dryRun.output()).hasSize(CRDS.size())
                .allSatisfy(line -> assertThat(line).startsWith("customresourcedefinition.apiextensions.k8s.io/"));
        Result kustomized = kubectl(null, "kustomize", "deploy/crds");
        assertThat(kustomized.exitCode()).as("kubectl kustomize deploy/crds:%n%s", kustomized.output()).isZero();
        List<HasMetadata> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(Path.of("deploy/crds"))) {
            for (Path file : listed.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList()) {
                files.addAll(load(Files.readString(file)));
            }
        }
        assertThat(files).extracting(crd -> crd.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(CRDS);
        assertThat(load(kustomized.output())).as("deploy/crds/Kustomization lists every CRD file")
                .containsExactlyInAnyOrderElementsOf(files);
    }

    /**
     * {@code kubectl delete -k deploy/namespaced/} removes what the overlay and the base created: the CRDs too (and
     * with them every build, run and policy, as the README warns), the namespace dcbuild-system, the Roles in the
     * watched namespaces; the watched namespaces themselves stay.
     */
    @Test
    @Order(4)
    void deletingTheOverlayUninstallsEverything() {
        Result delete = kubectl(null, "delete", "-k", OVERLAY, "--wait=false");

        assertThat(delete.exitCode()).as("kubectl delete -k %s:%n%s", OVERLAY, delete.output()).isZero();
        // the API server's CRD finalizer deletes every instance before the CRD goes: a minute was once too little
        // on a loaded machine (the run CRD still Terminating after 60 s; the class passed when run again)
        await("everything of the overlay gone").atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
            for (String crd : CRDS) {
                assertThat(admin().apiextensions().v1().customResourceDefinitions().withName(crd).get())
                        .as("CRD %s", crd).isNull();
            }
            assertThat(admin().namespaces().withName(NAMESPACE).get()).as("namespace %s", NAMESPACE).isNull();
            assertThat(admin().rbac().clusterRoles().withName(NAME).get()).isNull();
            assertThat(admin().rbac().clusterRoleBindings().withName(NAME).get()).isNull();
            assertThat(admin().admissionRegistration().v1().validatingWebhookConfigurations().withName(NAME).get())
                    .isNull();
            for (String namespace : WATCHED) {
                assertThat(admin().rbac().roles().inNamespace(namespace).withName(NAME).get()).isNull();
                assertThat(admin().rbac().roleBindings().inNamespace(namespace).withName(NAME).get()).isNull();
            }
            assertThat(admin().rbac().roles().inNamespace("default").withName(NAME + "-policy-events").get())
                    .isNull();
        });
        for (String namespace : WATCHED) {
            assertThat(admin().namespaces().withName(namespace).get()).as("namespace %s stays", namespace)
                    .isNotNull();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------------------

    /** {@code kubectl auth can-i VERB RESOURCE --as <the operator>} in {@code namespace} (null: cluster-wide). */
    private static void assertCan(String verb, String resource, String namespace) {
        assertThat(canI(verb, resource, namespace)).as("the operator may %s %s in %s", verb, resource,
                namespace == null ? "the cluster" : namespace).isTrue();
    }

    private static void assertCannot(String verb, String resource, String namespace) {
        assertThat(canI(verb, resource, namespace)).as("the operator may not %s %s in %s", verb, resource,
                namespace == null ? "the cluster" : namespace).isFalse();
    }

    /** {@code kubectl auth can-i VERB RESOURCE/NAME --as <the operator>}: on the object of that name. */
    private static boolean canIOnNamed(String verb, String resourceAndName, String namespace) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resourceAndName));
        args.addAll(namespace == null ? List.of("--all-namespaces") : List.of("--namespace", namespace));
        args.addAll(List.of("--as", OPERATOR));
        Result result = kubectl(null, args.toArray(String[]::new));
        String answer = result.output().strip();
        assertThat(answer).as("kubectl %s", String.join(" ", args)).isIn("yes", "no");
        return answer.equals("yes");
    }

    private static boolean canI(String verb, String resource, String namespace) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb));
        int slash = resource.indexOf('/');
        if (slash > 0) {
            args.add(resource.substring(0, slash));
            args.add("--subresource=" + resource.substring(slash + 1));
        } else {
            args.add(resource);
        }
        args.addAll(namespace == null ? List.of("--all-namespaces") : List.of("--namespace", namespace));
        args.addAll(List.of("--as", OPERATOR));
        Result result = kubectl(null, args.toArray(String[]::new));
        String answer = result.output().strip();
        assertThat(answer).as("kubectl %s", String.join(" ", args)).isIn("yes", "no");
        return answer.equals("yes");
    }

    private static Subject operatorSubject() {
        return new SubjectBuilder().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).build();
    }

    private static String key(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }

    private static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("operator")).findFirst().orElseThrow().getEnv()
                .stream().filter(var -> var.getValue() != null) // literal values only, not the downward API's
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("%s among %s", type.getSimpleName(), objects).hasSize(1);
        return found.get(0);
    }

    private static List<HasMetadata> load(String yaml) {
        try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
            return admin().load(in).items();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result kubectl(String stdin, String... args) {
        return controlPlane.commands().kubectl(stdin, args);
    }

    private static KubernetesClient admin() {
        return controlPlane.admin();
    }
}
