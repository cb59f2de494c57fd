package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster policy for the DevContainerBuilds of the namespaces it selects: network egress (proxy, CA), registry
 * credentials, allowed sources, builder pod settings, build defaults and cache retention.
 *
 * <p>As in {@link DevContainerBuild}, the descriptions of {@code spec} and {@code status} are on the getters, and
 * the printer columns are declared in the order {@code kubectl get} should show them.
 */
@Group(DevContainerBuild.GROUP)
@Version(DevContainerBuild.VERSION)
@ShortNames("dcbp")
@JsonClassDescription("DevContainerBuildPolicy (cluster-scoped) sets, for the DevContainerBuilds of the namespaces "
        + "it selects, the proxy and CA bundle, registry credentials, the allowed git repositories, images, "
        + "Features and cache repositories, builder pod settings, build defaults and cache retention.")
@AdditionalPrinterColumn(name = "Priority", jsonPath = ".spec.priority", type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Which policy wins when several select a namespace: the highest priority.")
@AdditionalPrinterColumn(name = "Builds", jsonPath = ".status.governedBuilds",
        type = AdditionalPrinterColumn.Type.INTEGER, getDescription = "How many DevContainerBuilds this policy governs.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE, getDescription = "Time since the policy was created.")
public class DevContainerBuildPolicy extends CustomResource<DevContainerBuildPolicySpec, DevContainerBuildPolicyStatus> {

    /** Annotation whose new value asks for a cache retention run now. */
    public static final String RETENTION_RUN_ANNOTATION = DevContainerBuild.GROUP + "/retention-run";

    @Override
    @JsonPropertyDescription("What a platform team sets and enforces for the DevContainerBuilds of the namespaces "
            + "this policy selects.")
    public DevContainerBuildPolicySpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Written by the operator only: the namespaces the policy selects, the builds it "
            + "governs, the last cache retention run, and conditions.")
    public DevContainerBuildPolicyStatus getStatus() {
        return super.getStatus();
    }
}
