package io.dcbuild.operator.testing.controlplane;

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
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", controlPlane.apiServerUrl().toString(),
                "quarkus.kubernetes-client.ca-cert-data", controlPlane.certificateAuthorityData(),
                "quarkus.kubernetes-client.token", installation.token(),
                "quarkus.kubernetes-client.trust-certs", "false");
    }

    /**
     * Fails when RBAC refused the operator anything so far in this JVM (read from the API server's audit log): the
     * shipped ClusterRole must grant every call the operator makes. Scenario classes call it when they finish.
     */
    public static void assertOperatorWasNeverForbidden() {
        ControlPlane controlPlane = ControlPlane.shared();
        String operator = OperatorInstallation.operatorUser(controlPlane.admin());
        List<String> forbidden = controlPlane.auditLog().forbiddenByRbac(operator);
        if (!forbidden.isEmpty()) {
            throw new AssertionError("RBAC refused the operator (" + operator + ") what the ClusterRole of "
                    + "deploy/manifests/operator.yaml does not grant: " + new TreeSet<>(forbidden));
        }
    }

    @Override
    public void stop() {
        // the control plane is shared by the whole JVM and stops when it exits
    }
}
