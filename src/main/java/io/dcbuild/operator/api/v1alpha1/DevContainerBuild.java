package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A request to build the dev container of one git repository and ref with Envbuilder, using a remote layer cache,
 * and to record the digest of the cached image in status.
 */
@Group(DevContainerBuild.GROUP)
@Version(DevContainerBuild.VERSION)
@ShortNames("dcb")
@JsonClassDescription("DevContainerBuild builds the dev container of a git repository and ref with Envbuilder, "
        + "reusing a remote layer cache, and records the cached image digest (repo@sha256:...) in status.")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Commit", jsonPath = ".status.commit", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Cache", jsonPath = ".status.cacheHit", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DevContainerBuild extends CustomResource<DevContainerBuildSpec, DevContainerBuildStatus>
        implements Namespaced {

    public static final String GROUP = "dcbuild.io";
    public static final String VERSION = "v1alpha1";
    /** Annotation whose new value asks for a new build of the same inputs. */
    public static final String REBUILD_ANNOTATION = GROUP + "/rebuild";
}
