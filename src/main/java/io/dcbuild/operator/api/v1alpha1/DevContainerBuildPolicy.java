package io.dcbuild.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster policy for the DevContainerBuilds of the namespaces it selects: network egress (proxy, CA), registry
 * credentials, allowed sources, builder pod settings, build defaults and cache retention.
 */
@Group(DevContainerBuild.GROUP)
@Version(DevContainerBuild.VERSION)
@ShortNames("dcbp")
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Builds", jsonPath = ".status.governedBuilds", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DevContainerBuildPolicy extends CustomResource<DevContainerBuildPolicySpec, DevContainerBuildPolicyStatus> {

    /** Annotation whose new value asks for a cache retention run now. */
    public static final String RETENTION_RUN_ANNOTATION = DevContainerBuild.GROUP + "/retention-run";
}
