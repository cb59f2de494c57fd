package io.dcbuild.operator.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Dockerfile reduced to what the simulated layer cache needs: the first {@code FROM} line (the base) and the
 * cached instructions ({@code RUN}, {@code COPY}, {@code ADD}) in order. Line continuations ({@code \} at line end)
 * are joined with a space, comment lines are dropped, keywords are upper-cased. Everything else (ENV, ARG, further
 * stages' FROM lines, parser directives) is read past and does not take part in cache keys.
 */
record DockerfileInstructions(String fromLine, List<Instruction> cachedSteps) {

    private static final Set<String> CACHED = Set.of("RUN", "COPY", "ADD");

    /** One logical instruction: {@code keyword} upper-case, {@code text} the whole normalised line. */
    record Instruction(String keyword, String text) {
        boolean copiesFiles() {
            return !keyword.equals("RUN");
        }
    }

    static DockerfileInstructions parse(String dockerfile) throws EnvbuilderFailure {
        String from = null;
        List<Instruction> steps = new ArrayList<>();
        for (String logical : logicalLines(dockerfile)) {
            int space = indexOfWhitespace(logical);
            String keyword = (space < 0 ? logical : logical.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : logical.substring(space).trim();
            String text = arguments.isEmpty() ? keyword : keyword + " " + arguments;
            if (keyword.equals("FROM")) {
                if (from == null) {
                    from = text;
                }
            } else if (CACHED.contains(keyword)) {
                if (from == null) {
                    throw new EnvbuilderFailure("error: parse dockerfile: " + keyword + " before FROM");
                }
                steps.add(new Instruction(keyword, text));
            }
        }
        if (from == null) {
            throw new EnvbuilderFailure("error: parse dockerfile: no FROM instruction");
        }
        return new DockerfileInstructions(from, List.copyOf(steps));
    }

    private static List<String> logicalLines(String dockerfile) {
        List<String> result = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : dockerfile.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current == null)) {
                continue; // comments vanish, also inside a continuation, as in Docker
            }
            boolean continues = line.endsWith("\\");
            String content = continues ? line.substring(0, line.length() - 1).strip() : line;
            if (current == null) {
                current = new StringBuilder(content);
            } else if (!content.isEmpty()) {
                current.append(' ').append(content);
            }
            if (!continues) {
                result.add(current.toString().strip());
                current = null;
            }
        }
        if (current != null && !current.isEmpty()) {
            result.add(current.toString().strip());
        }
        return result;
    }

    private static int indexOfWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
