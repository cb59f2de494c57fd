package io.dcbuild.operator.source;

/**
 * Where something was found in the repository: a path relative to the repository root ({@code /}-separated) and a
 * 1-based line, or line 0 when the whole file is meant.
 */
public record SourceLocation(String path, int line) {

    public static SourceLocation file(String path) {
        return new SourceLocation(path, 0);
    }

    /** {@code path:line}, or just {@code path} for a whole file. */
    @Override
    public String toString() {
        return line > 0 ? path + ":" + line : path;
    }
}
