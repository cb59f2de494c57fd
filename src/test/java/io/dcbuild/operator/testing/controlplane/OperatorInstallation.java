package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * Installs the operator into a {@link ControlPlane} the way a user does, from the committed files, as the cluster
 * administrator: the CRDs of {@code deploy/crds/}, then the Namespace, ServiceAccount, ClusterRole and
 * ClusterRoleBinding of {@code deploy/manifests/operator.yaml} (its Deployment is left out: the operator runs in
 * the test JVM instead). The operator then talks to the API server with a token of that ServiceAccount, so it has
 * exactly the rights the shipped RBAC grants and a call it does not grant fails. {@link #installChart} installs the
 * RBAC the Helm chart renders with given values instead (a namespaced install).
 */
public final class OperatorInstallation {

    static final Set<String> INSTALLED_KINDS = Set.of("Namespace", "ServiceAccount", "ClusterRole",
            "ClusterRoleBinding", "Role", "RoleBinding");
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final String token;
    private final String user;
    private final String namespace;

    private OperatorInstallation(String token, String user, String namespace) {
        this.token = token;
        this.user = user;
        this.namespace = namespace;
    }

    /** Applies the CRDs and the RBAC (server-side apply, so a second call changes nothing) and issues a token. */
    public static OperatorInstallation install(ControlPlane controlPlane) {
        KubernetesClient admin = controlPlane.admin();
        installCrds(admin);
        Path manifest = UpstreamBinaries.projectRoot().resolve("deploy/manifests/operator.yaml");
        try (InputStream in = Files.newInputStream(manifest)) {
            return withTokenOf(admin, apply(admin, in, INSTALLED_KINDS), manifest.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + manifest, e);
        }
    }

    /**
     * Applies the CRDs and the ServiceAccount and RBAC objects that the chart renders (the real {@code helm template})
     * for the release {@code release} in {@code namespace} with these {@code --set} values, as {@code helm install}
     * would create them, and issues a token of the chart's ServiceAccount. The namespaces the values name must exist.
     */
    public static OperatorInstallation installChart(ControlPlane controlPlane, String release, String namespace,
            String... setValues) {
        KubernetesClient admin = controlPlane.admin();
        installCrds(admin);
        if (admin.namespaces().withName(namespace).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        List<String> args = new ArrayList<>(List.of("template", release,
                UpstreamBinaries.projectRoot().resolve("charts/devcontainer-build-operator").toString(),
                "--namespace", namespace));
        for (String value : setValues) {
            args.addAll(List.of("--set", value));
        }
        ClusterCommands.Result rendered = controlPlane.commands().helm(args.toArray(String[]::new));
        if (!rendered.succeeded()) {
            throw new IllegalStateException("helm " + args + " failed:\n" + rendered.output());
        }
        try (InputStream in = new ByteArrayInputStream(rendered.output().getBytes(StandardCharsets.UTF_8))) {
            return withTokenOf(admin, apply(admin, in, INSTALLED_KINDS), "the chart");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void installCrds(KubernetesClient admin) {
        for (Path crd : files(UpstreamBinaries.projectRoot().resolve("deploy/crds"))) {
            try (InputStream in = Files.newInputStream(crd)) {
                CustomResourceDefinition applied = (CustomResourceDefinition) apply(admin, in, Set.of(
                        "CustomResourceDefinition")).get(0);
                EstablishedCrd.await(admin, applied);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + crd, e);
            }
        }
    }

    /** An installation holding a token of the one ServiceAccount among {@code installed}. */
    private static OperatorInstallation withTokenOf(KubernetesClient admin, List<HasMetadata> installed,
            String source) {
        ServiceAccount serviceAccount = installed.stream().filter(ServiceAccount.class::isInstance)
                .map(ServiceAccount.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + " has no ServiceAccount"));
        String namespace = serviceAccount.getMetadata().getNamespace();
        String name = serviceAccount.getMetadata().getName();
        TokenRequest issued = admin.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec()
                        .withExpirationSeconds(TOKEN_LIFETIME.toSeconds()).endSpec().build());
        return new OperatorInstallation(issued.getStatus().getToken(),
                "system:serviceaccount:" + namespace + ":" + name, namespace);
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

    /** {@code system:serviceaccount:<namespace>:<name>}: the operator in RBAC and in the audit log. */
    public String user() {
        return user;
    }

    /** The operator's namespace (its ServiceAccount's), where its Lease is. */
    public String namespace() {
        return namespace;
    }

    /** Applies the objects of {@code manifest} of these kinds; returns them as the API server stored them. */
    private static List<HasMetadata> apply(KubernetesClient admin, InputStream manifest, Set<String> kinds) {
        return admin.load(manifest).items().stream()
                .filter(object -> kinds.contains(object.getKind()))
                .map(object -> admin.resource(object).fieldManager("sandbox-admin").forceConflicts()
                        .serverSideApply())
                .toList();
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.filter(path -> path.toString().endsWith(".yml") || path.toString().endsWith(".yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }
}
