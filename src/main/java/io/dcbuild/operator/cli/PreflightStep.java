package io.dcbuild.operator.cli;

/** The steps of a preflight, in order. */
public enum PreflightStep {
    SPEC("Spec"),
    POLICIES("Policies selecting the namespace"),
    COMPLIANCE("Spec against the policies (git URL, cache repository, builder image, deadline, cache TTL)"),
    REPOSITORY("Repository"),
    REFERENCES("References the build would pull"),
    VERDICT("Verdict");

    private final String title;

    PreflightStep(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
