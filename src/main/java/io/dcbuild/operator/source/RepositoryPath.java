package io.dcbuild.operator.source;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Joins paths inside a repository the way a build inside the checkout would, without leaving the repository. */
final class RepositoryPath {

    private RepositoryPath() {
    }

    /**
     * {@code relative} resolved against the folder {@code base} ({@code ""} is the root), with {@code .} and
     * {@code ..} resolved. A leading {@code /} in {@code relative} is ignored, as Go's {@code filepath.Join} does in
     * Envbuilder. Empty when the result would climb above the repository root.
     */
    static Optional<String> resolve(String base, String relative) {
        Deque<String> parts = new ArrayDeque<>();
        for (String path : new String[] {base, relative}) {
            for (String part : path.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (parts.isEmpty()) {
                        return Optional.empty();
                    }
                    parts.removeLast();
                } else {
                    parts.addLast(part);
                }
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** The folder holding {@code path} ({@code ""} for a file at the root). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code path} as a person reads it: {@code .} for the root. */
    static String display(String path) {
        return path.isEmpty() ? "." : path;
    }
}
