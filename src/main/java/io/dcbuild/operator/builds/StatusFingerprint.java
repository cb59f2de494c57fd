package io.dcbuild.operator.builds;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** A status serialized, to tell whether a reconcile changed anything worth a patch. */
public final class StatusFingerprint {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private StatusFingerprint() {
    }

    public static String of(Object status) {
        return SERIALIZATION.asJson(status);
    }
}
