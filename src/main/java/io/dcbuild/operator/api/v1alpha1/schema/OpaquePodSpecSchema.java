package io.dcbuild.operator.api.v1alpha1.schema;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema of a pod spec stored in a run: an object kept as written (the full PodSpec schema would make the CRD
 * hundreds of kilobytes, and the API server validates the spec anyway when the pod is created).
 */
@PreserveUnknownFields
public final class OpaquePodSpecSchema {

    private OpaquePodSpecSchema() {
    }
}
