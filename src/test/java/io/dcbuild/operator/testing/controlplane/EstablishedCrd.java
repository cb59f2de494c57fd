package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;

/**
 * Waits until the API server serves a CustomResourceDefinition just created. A CRD read right after its creation
 * may have a status without conditions yet (a clean-clone run had a wait fail with a NullPointerException there).
 */
public final class EstablishedCrd {

    private EstablishedCrd() {
    }

    public static void await(KubernetesClient admin, CustomResourceDefinition crd) {
        admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(EstablishedCrd::established, 60, TimeUnit.SECONDS);
    }

    static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
