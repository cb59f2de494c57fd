package io.dcbuild.operator.cli;

/**
 * A YAML manifest could not be read as the expected kind. {@link #isFieldProblem()} tells a document that is YAML of
 * the right kind but whose fields do not fit the schema (unknown field, wrong type) from a file that is unreadable,
 * not YAML or of another kind.
 */
public class ManifestException extends Exception {

    private final boolean fieldProblem;

    public ManifestException(String message, boolean fieldProblem) {
        super(message);
        this.fieldProblem = fieldProblem;
    }

    public boolean isFieldProblem() {
        return fieldProblem;
    }
}
