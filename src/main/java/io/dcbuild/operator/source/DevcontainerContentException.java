package io.dcbuild.operator.source;

/**
 * The repository's dev container definition cannot be read at this commit: a file is missing, malformed or too large.
 * Always permanent for that commit: retrying reads the same content.
 */
public class DevcontainerContentException extends Exception {

    /** What is wrong with the content. */
    public enum Kind {
        /** A file that the configuration needs is not in the commit. */
        MISSING,
        /** A file does not parse, or a value has the wrong type. */
        MALFORMED,
        /** A file is larger than the preflight reads. */
        TOO_LARGE
    }

    private final Kind kind;
    private final SourceLocation location;

    public DevcontainerContentException(Kind kind, SourceLocation location, String message) {
        super(location + ": " + message);
        this.kind = kind;
        this.location = location;
    }

    public Kind kind() {
        return kind;
    }

    /** The file (and line, when known) at fault. */
    public SourceLocation location() {
        return location;
    }
}
