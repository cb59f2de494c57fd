package io.dcbuild.operator.builds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The owner reference of an object the operator derives for one owner: a build's registry config Secret and CA
 * bundle ConfigMap, a run's pods. The owner is the controller; {@code blockOwnerDeletion} is false, so no finalizers
 * right is needed where the OwnerReferencesPermissionEnforcement admission plugin is on.
 */
public final class OwnerReferences {

    private OwnerReferences() {
    }

    public static OwnerReference controlledBy(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
