package io.dcbuild.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dcbuild.operator.builds.DevContainerBuildReconciler;
import io.dcbuild.operator.policy.DevContainerBuildPolicyReconciler;
import io.dcbuild.operator.runs.DevContainerBuildRunReconciler;
import io.dcbuild.operator.testing.controlplane.OperatorOnControlPlane;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one setting of a namespaced install, {@code dcbuild.watch-namespaces} ({@code DCBUILD_WATCH_NAMESPACES}),
 * reaches the Quarkus Operator SDK's namespaces of both namespaced controllers through application.properties, in
 * the operator as it is packaged; the policy controller, of a cluster-scoped kind, watches every policy.
 */
@QuarkusTest
@TestProfile(WatchNamespacesSettingTest.TwoNamespaces.class)
@WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WatchNamespacesSettingTest {

    /** The operator configured for a namespaced install of two namespaces. */
    public static class TwoNamespaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dcbuild.watch-namespaces", "setting-team-b,setting-team-a");
        }
    }

    @Inject
    Operator operator;

    @Inject
    WatchedNamespaces watched;

    @Test
    void bothNamespacedControllersWatchTheNamespacesOfTheSetting() {
        assertThat(watched.names()).containsExactly("setting-team-a", "setting-team-b");
        for (String controller : new String[] {DevContainerBuildReconciler.NAME, DevContainerBuildRunReconciler.NAME}) {
            assertThat(namespacesOf(controller)).as("namespaces of the controller %s", controller)
                    .containsExactlyInAnyOrder("setting-team-a", "setting-team-b");
        }
        assertThat(namespacesOf(DevContainerBuildPolicyReconciler.NAME)).isEqualTo(Constants.WATCH_ALL_NAMESPACE_SET);
    }

    private Set<String> namespacesOf(String controller) {
        return operator.getRegisteredController(controller).orElseThrow().getConfiguration().getEffectiveNamespaces();
    }
}
