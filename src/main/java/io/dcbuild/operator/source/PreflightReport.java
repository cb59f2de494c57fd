package io.dcbuild.operator.source;

import java.util.List;
import java.util.Optional;

/**
 * What a build of one commit would pull, read from the repository before any pod runs.
 *
 * @param commit           the commit read
 * @param devcontainerFile the devcontainer.json used, if any (none when a Dockerfile path was given)
 * @param dockerfile       the Dockerfile read, if any (none for an {@code image}-based devcontainer.json)
 * @param buildContext     the build context directory ({@code ""} is the repository root), if a Dockerfile is built
 * @param requirements     every reference found, in file order: Dockerfile or {@code image} first, then Features
 * @param notes            what a person should know about how the references were read
 * @param unsupported      why the configuration cannot be built by Envbuilder, if it cannot; the requirements are
 *                         then empty
 */
public record PreflightReport(String commit, Optional<String> devcontainerFile, Optional<String> dockerfile,
        Optional<String> buildContext, List<ImageRequirement> requirements, List<PreflightNote> notes,
        Optional<String> unsupported) {

    public PreflightReport {
        requirements = List.copyOf(requirements);
        notes = List.copyOf(notes);
    }

    public boolean isSupported() {
        return unsupported.isEmpty();
    }

    /** Requirements whose reference could not be worked out or is not valid: a policy should reject these. */
    public List<ImageRequirement> unresolved() {
        return requirements.stream().filter(r -> !r.isResolved()).toList();
    }
}
