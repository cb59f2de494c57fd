package io.dcbuild.operator.builds;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.policy.PreflightCheck;
import io.dcbuild.operator.source.DevcontainerContentException;
import io.dcbuild.operator.source.GitSourceException;
import io.dcbuild.operator.source.PreflightReader;
import io.dcbuild.operator.source.PreflightReport;
import io.dcbuild.operator.source.ResolvedRef;
import java.util.List;

/**
 * Before any pod of a run: reads the dev container definition at the resolved commit, records in status what the
 * build pulls, and tells which references the build's policies refuse.
 */
public class BuildPreflight {

    private final PreflightReader reader;

    public BuildPreflight(PreflightReader reader) {
        this.reader = reader;
    }

    /** The policy violations, one sentence per offending reference; empty when the run may start. */
    public List<String> evaluate(DevContainerBuild build, BuildInputs inputs, ResolvedRef ref)
            throws BuildBlockedException, GitSourceException {
        BuildSettings settings = inputs.settings();
        PreflightReport report;
        try {
            report = reader.read(settings.gitUrl(), ref, settings.devcontainerDir(), settings.dockerfilePath(),
                    inputs.gitAccess());
        } catch (DevcontainerContentException e) {
            throw new BuildBlockedException("DevcontainerInvalid", e.getMessage(), e);
        } catch (GitSourceException e) {
            if (!e.isPermanent()) {
                throw e;
            }
            throw new BuildBlockedException("PreflightFetchFailed", e.getMessage(), e);
        }
        build.getStatus().setReferences(PreflightCheck.references(report));
        if (report.unsupported().isPresent()) {
            // a definition Envbuilder cannot build: not a policy's refusal, and no pod could do anything with it
            throw new BuildBlockedException("DevcontainerUnsupported", report.unsupported().get());
        }
        return PreflightCheck.violations(report, settings.policy());
    }
}
