package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Quarkus test resource that runs the operator under test against the JVM's real {@link ControlPlane}: it installs
 * the CRDs and RBAC from the committed files ({@link OperatorInstallation}) and points the operator's Kubernetes
 * client at the API server with the token of the shipped ServiceAccount (never the administrator's certificate).
 *
 * <p>Use it as {@code @WithTestResource(value = OperatorOnControlPlane.class, scope = MATCHING_RESOURCES)} so that
 * every scenario class shares one application start; tests reach the API server as administrator through
 * {@code ControlPlane.shared().admin()}.
 */
public class OperatorOnControlPlane implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ControlPlane controlPlane = ControlPlane.shared();
        OperatorInstallation installation = OperatorInstallation.install(controlPlane);
        // Fabric8's own system properties, which Quarkus' client configuration starts from: the quarkus.kubernetes-
        // client.* keys are build-time ones, and Quarkus would print their values (the token) in a warning.
        // No kubeconfig of the machine and no in-cluster account are mixed in.
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, controlPlane.apiServerUrl().toString());
        System.setProperty(Config.KUBERNETES_CA_CERTIFICATE_DATA_SYSTEM_PROPERTY,
                controlPlane.certificateAuthorityData());
        System.setProperty(Config.KUBERNETES_OAUTH_TOKEN_SYSTEM_PROPERTY, installation.token());
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        return Map.of();
    }

    /**
     * Fails when RBAC refused the operator anything so far in this JVM (read from the API server's audit log): the
     * shipped RBAC must grant every call the operator makes. Scenario classes call it when they finish.
     */
    public static void assertOperatorWasNeverForbidden() {
        ControlPlane controlPlane = ControlPlane.shared();
        String operator = OperatorInstallation.operatorUser(controlPlane.admin());
        List<String> forbidden = controlPlane.auditLog().forbiddenByRbac(operator);
        if (!forbidden.isEmpty()) {
            throw new AssertionError("RBAC refused the operator (" + operator + ") what the RBAC of "
                    + "deploy/manifests/operator.yaml does not grant: " + new TreeSet<>(forbidden));
        }
    }

    @Override
    public void stop() {
        // the control plane is shared by the whole JVM and stops when it exits
    }
}
