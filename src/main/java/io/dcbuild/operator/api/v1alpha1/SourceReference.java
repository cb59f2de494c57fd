package io.dcbuild.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An image or Feature a build pulls, as the preflight found it in the repository. */
public class SourceReference {

    @JsonPropertyDescription("DEVCONTAINER_IMAGE, BASE_IMAGE, STAGE_IMAGE, COPY_FROM_IMAGE, MOUNT_FROM_IMAGE, FEATURE, "
            + "LOCAL_FEATURE or FEATURE_TARBALL.")
    private String kind;

    @JsonPropertyDescription("The reference after ARG substitution.")
    private String reference;

    @JsonPropertyDescription("Where it was found, as path:line.")
    private String source;

    public SourceReference() {
    }

    public SourceReference(String kind, String reference, String source) {
        this.kind = kind;
        this.reference = reference;
        this.source = source;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }
}
