package io.dcbuild.operator.api.v1alpha1;

/** Where a DevContainerBuildRun stands. Phases only move forward: Probing, Building, Verifying, then an end. */
public enum RunPhase {
    /** A probe pod asks the cache whether the image exists already. */
    Probing,
    /** A builder pod builds and pushes the image. */
    Building,
    /** The build succeeded; a verify pod learns the digest of what was pushed. */
    Verifying,
    /** status.image holds the image of this cache key. */
    Succeeded,
    /** The builder failed, or the image could not be found after a build; see status.reason and message. */
    Failed;

    public boolean isFinished() {
        return this == Succeeded || this == Failed;
    }
}
