package io.dcbuild.operator.source;

/** Something a person reading the preflight result should know, and where it comes from. */
public record PreflightNote(SourceLocation source, String message) {

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
