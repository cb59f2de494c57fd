package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs the operator into a {@link ControlPlane} the way a user does, from the committed files, as the cluster
 * administrator: the CRDs of {@code deploy/crds/}, then the Namespace, ServiceAccount, ClusterRole and
 * ClusterRoleBinding of {@code deploy/manifests/operator.yaml} (its Deployment is left out: the operator runs in
 * the test JVM instead). The operator then talks to the API server with a token of that ServiceAccount, so it has
 * exactly the rights the shipped ClusterRole grants and a call it does not grant fails.
 */
public final class OperatorInstallation {

    static final Set<String> INSTALLED_KINDS = Set.of("Namespace", "ServiceAccount", "ClusterRole",
            "ClusterRoleBinding", "Role", "RoleBinding");
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final String token;

    private OperatorInstallation(String token) {
        this.token = token;
    }

    /** Applies the CRDs and the RBAC (server-side apply, so a second call changes nothing) and issues a token. */
    public static OperatorInstallation install(ControlPlane controlPlane) {
        KubernetesClient admin = controlPlane.admin();
        Path root = UpstreamBinaries.projectRoot();
        for (Path crd : files(root.resolve("deploy/crds"))) {
            CustomResourceDefinition applied = (CustomResourceDefinition) apply(admin, crd, Set.of(
                    "CustomResourceDefinition")).get(0);
            admin.apiextensions().v1().customResourceDefinitions().resource(applied)
                    .waitUntilCondition(OperatorInstallation::established, 60, TimeUnit.SECONDS);
        }
        List<HasMetadata> rbac = apply(admin, root.resolve("deploy/manifests/operator.yaml"), INSTALLED_KINDS);
        ServiceAccount serviceAccount = rbac.stream().filter(ServiceAccount.class::isInstance)
                .map(ServiceAccount.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("deploy/manifests/operator.yaml has no ServiceAccount"));
        TokenRequest issued = admin.serviceAccounts().inNamespace(serviceAccount.getMetadata().getNamespace())
                .withName(serviceAccount.getMetadata().getName())
                .tokenRequest(new TokenRequestBuilder().withNewSpec()
                        .withExpirationSeconds(TOKEN_LIFETIME.toSeconds()).endSpec().build());
        return new OperatorInstallation(issued.getStatus().getToken());
    }

    /**
     * {@code system:serviceaccount:<namespace>:<name>} of the ServiceAccount in deploy/manifests/operator.yaml, the
     * user the operator is in tests, in RBAC and in the audit log.
     */
    public static String operatorUser(KubernetesClient admin) {
        Path manifest = UpstreamBinaries.projectRoot().resolve("deploy/manifests/operator.yaml");
        try (InputStream in = Files.newInputStream(manifest)) {
            ServiceAccount account = admin.load(in).items().stream().filter(ServiceAccount.class::isInstance)
                    .map(ServiceAccount.class::cast).findFirst().orElseThrow();
            return "system:serviceaccount:" + account.getMetadata().getNamespace() + ":"
                    + account.getMetadata().getName();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + manifest, e);
        }
    }

    /** A bearer token of the operator's ServiceAccount. */
    public String token() {
        return token;
    }

    /** Applies the objects of {@code manifest} of these kinds; returns them as the API server stored them. */
    private static List<HasMetadata> apply(KubernetesClient admin, Path manifest, Set<String> kinds) {
        try (InputStream in = Files.newInputStream(manifest)) {
            List<HasMetadata> objects = admin.load(in).items();
            return objects.stream()
                    .filter(object -> kinds.contains(object.getKind()))
                    .map(object -> admin.resource(object).fieldManager("sandbox-admin").forceConflicts()
                            .serverSideApply())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + manifest, e);
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(path -> path.toString().endsWith(".yml") || path.toString().endsWith(".yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
