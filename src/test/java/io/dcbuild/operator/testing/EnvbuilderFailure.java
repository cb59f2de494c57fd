package io.dcbuild.operator.testing;

/**
 * A simulated Envbuilder run stops with exit code 1; {@link #errorLine()} is what it prints last, in the form
 * Envbuilder uses ({@code error: ...}).
 */
public final class EnvbuilderFailure extends Exception {

    private final String errorLine;

    public EnvbuilderFailure(String errorLine) {
        super(errorLine);
        this.errorLine = errorLine;
    }

    public EnvbuilderFailure(String errorLine, Throwable cause) {
        super(errorLine, cause);
        this.errorLine = errorLine;
    }

    public String errorLine() {
        return errorLine;
    }
}
