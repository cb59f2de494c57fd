package io.dcbuild.operator.api.v1alpha1;

/** Where a DevContainerBuild stands. */
public enum BuildPhase {
    /** Accepted; the ref is being resolved. */
    Pending,
    /** A probe pod asks the cache whether the image exists already. */
    Probing,
    /** A builder pod builds and pushes the image. */
    Building,
    /** The build succeeded; a probe pod learns the digest of what was pushed. */
    Verifying,
    /** The image is recorded in status.image. */
    Ready,
    /** The builder failed; see the Ready condition. Retried only on a new generation, commit or rebuild request. */
    Failed,
    /** The spec or its environment is wrong (invalid field, unknown ref, refused credentials); see Stalled. */
    Stalled;

    public boolean isTerminal() {
        return this == Ready || this == Failed || this == Stalled;
    }
}
