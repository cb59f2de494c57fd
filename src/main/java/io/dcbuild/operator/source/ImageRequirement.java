package io.dcbuild.operator.source;

import io.dcbuild.operator.registry.ImageReference;
import java.util.Optional;

/**
 * One thing a build would fetch, as found in the repository.
 *
 * @param kind       what pulls it
 * @param reference  the reference as written after variable substitution; the raw text when a variable could not be
 *                   resolved; a repository path for a local Feature; the URL of a Feature tarball
 * @param image      the parsed reference, when {@link #kind()} pulls from a registry and the text parses
 * @param source     file and line where it was found
 * @param resolution whether the reference could be worked out
 * @param problem    why not, when {@link #resolution()} is not {@link Resolution#RESOLVED}
 */
public record ImageRequirement(Kind kind, String reference, Optional<ImageReference> image, SourceLocation source,
        Resolution resolution, Optional<String> problem) {

    /** What pulls the reference. */
    public enum Kind {
        /** {@code image} of devcontainer.json: the dev container is this image (plus Features). */
        DEVCONTAINER_IMAGE(true),
        /** {@code FROM} at the root of the stage that becomes the dev container (following stage references). */
        BASE_IMAGE(true),
        /** {@code FROM} of any other stage. */
        STAGE_IMAGE(true),
        /** {@code COPY --from=<image>} where the value is no stage. */
        COPY_FROM_IMAGE(true),
        /** {@code RUN --mount=...,from=<image>} where the value is no stage. */
        MOUNT_FROM_IMAGE(true),
        /** A Dev Container Feature published as an OCI artifact (or a legacy short id, read as one). */
        FEATURE(true),
        /** A Feature in the repository ({@code ./path}): nothing is pulled. */
        LOCAL_FEATURE(false),
        /** A Feature downloaded as a tarball from a URL. */
        FEATURE_TARBALL(false);

        private final boolean fromRegistry;

        Kind(boolean fromRegistry) {
            this.fromRegistry = fromRegistry;
        }

        /** Whether the reference is pulled from an OCI registry (and so has an {@link ImageReference}). */
        public boolean pullsFromRegistry() {
            return fromRegistry;
        }
    }

    /** Whether the reference could be worked out. Policies should reject anything not {@link #RESOLVED}. */
    public enum Resolution {
        RESOLVED,
        /** A variable in it has no value the preflight can know; {@link #reference()} is the raw text. */
        UNRESOLVED,
        /** After substitution the text is not a valid image reference. */
        INVALID
    }

    /** A reference pulled from a registry: parsed, or {@link Resolution#INVALID} when it does not parse. */
    static ImageRequirement pulled(Kind kind, String reference, SourceLocation source) {
        try {
            return new ImageRequirement(kind, reference, Optional.of(ImageReference.parse(reference)), source,
                    Resolution.RESOLVED, Optional.empty());
        } catch (IllegalArgumentException e) {
            return new ImageRequirement(kind, reference, Optional.empty(), source, Resolution.INVALID,
                    Optional.of(e.getMessage()));
        }
    }

    static ImageRequirement unresolved(Kind kind, String rawText, SourceLocation source, String reason) {
        return new ImageRequirement(kind, rawText, Optional.empty(), source, Resolution.UNRESOLVED,
                Optional.of(reason));
    }

    /** A local Feature or a Feature tarball: nothing to parse as an image reference. */
    static ImageRequirement notAnImage(Kind kind, String reference, SourceLocation source) {
        return new ImageRequirement(kind, reference, Optional.empty(), source, Resolution.RESOLVED, Optional.empty());
    }

    /** The same requirement as another kind (a stage found to be the base, for example). */
    ImageRequirement withKind(Kind newKind) {
        return new ImageRequirement(newKind, reference, image, source, resolution, problem);
    }

    public boolean isResolved() {
        return resolution == Resolution.RESOLVED;
    }

    @Override
    public String toString() {
        return kind + " " + reference + " (" + source + (problem.map(p -> ": " + p).orElse("")) + ")";
    }
}
