package io.dcbuild.operator.builds;

import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.source.GitAccess;

/** Everything a run of a build uses besides its spec: secrets, egress, and the objects derived for its pods. */
public record BuildInputs(BuildSettings settings, BuildSecrets secrets, EgressSettings egress, DerivedObjects derived) {

    public GitAccess gitAccess() {
        return new GitAccess(secrets.git(), egress);
    }
}
