package io.dcbuild.operator.cli;

/** What the preflight concludes, and the exit code that says it. */
public enum Verdict {
    /** The operator would start the build: spec and references comply with every governing policy. */
    ALLOWED(0),
    /** A governing policy refuses the spec or a reference the build pulls; no pod would be created. */
    REFUSED(1),
    /** The build is invalid: its spec, or the dev container definition at the resolved commit. */
    INVALID(1),
    /** The verdict could not be reached: the git server failed or refused, or a policy cannot be evaluated. */
    UNDETERMINED(2),
    /** The dev container definition is one Envbuilder cannot build (compose-based); its references are listed. */
    UNSUPPORTED(3);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
