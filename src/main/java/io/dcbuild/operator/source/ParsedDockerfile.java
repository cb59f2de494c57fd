package io.dcbuild.operator.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile split into instructions, as BuildKit's parser does: parser directives at the top ({@code escape},
 * {@code syntax}), comment and blank lines dropped (also inside continuations), lines ending in the escape
 * character joined with the next one, and the bodies of heredocs ({@code RUN <<EOF ... EOF}) kept out of the
 * instruction list.
 *
 * @param escape       the escape and line-continuation character ({@code \} unless {@code # escape=`})
 * @param syntax       the {@code # syntax=} directive, if any
 * @param instructions the instructions in file order
 */
record ParsedDockerfile(char escape, Optional<Directive> syntax, List<Instruction> instructions) {

    /** One instruction: its keyword upper-cased, the rest of the logical line, and the line it starts on. */
    record Instruction(int line, String keyword, String arguments) {
    }

    /** A parser directive and its line. */
    record Directive(String value, int line) {
    }

    private static final Pattern DIRECTIVE = Pattern.compile("\\s*#\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*=\\s*(.*?)\\s*");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("RUN", "COPY", "ADD");

    static ParsedDockerfile parse(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] lines = text.split("\r\n|\n|\r", -1);
        char escape = '\\';
        Directive syntax = null;
        int next = 0;
        for (; next < lines.length; next++) {
            Matcher directive = DIRECTIVE.matcher(lines[next]);
            if (!directive.matches()) {
                break;
            }
            String name = directive.group(1).toLowerCase(Locale.ROOT);
            String value = directive.group(2);
            if (name.equals("escape") && (value.equals("`") || value.equals("\\"))) {
                escape = value.charAt(0);
            } else if (name.equals("syntax")) {
                syntax = new Directive(value, next + 1);
            } else if (!name.equals("check") && !name.equals("escape")) {
                next++; // an unknown directive is a comment, and ends the directives
                break;
            }
        }
        return new ParsedDockerfile(escape, Optional.ofNullable(syntax),
                new InstructionReader(lines, next, escape).readAll());
    }

    /** Reads instructions from the physical lines, starting after the directives. */
    private static final class InstructionReader {
        private final String[] lines;
        private final char escape;
        private int next;

        InstructionReader(String[] lines, int start, char escape) {
            this.lines = lines;
            this.next = start;
            this.escape = escape;
        }

        List<Instruction> readAll() {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder current = null;
            int startLine = 0;
            for (; next < lines.length; next++) {
                String raw = lines[next];
                String content = raw.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue; // also inside a continuation, as BuildKit does
                }
                if (current == null) {
                    current = new StringBuilder();
                    startLine = next + 1;
                    raw = raw.stripLeading();
                }
                String trailingTrimmed = raw.stripTrailing();
                if (trailingTrimmed.charAt(trailingTrimmed.length() - 1) == escape) {
                    current.append(trailingTrimmed, 0, trailingTrimmed.length() - 1);
                    continue;
                }
                current.append(raw);
                instructions.add(finish(current.toString(), startLine));
                current = null;
            }
            if (current != null && !current.toString().isBlank()) {
                instructions.add(finish(current.toString(), startLine));
            }
            return instructions;
        }

        private Instruction finish(String logical, int line) {
            String text = logical.strip();
            int space = 0;
            while (space < text.length() && !Character.isWhitespace(text.charAt(space))) {
                space++;
            }
            String keyword = text.substring(0, space).toUpperCase(Locale.ROOT);
            String arguments = text.substring(space).strip();
            if (HEREDOC_INSTRUCTIONS.contains(keyword)) {
                skipHeredocBodies(arguments);
            }
            return new Instruction(line, keyword, arguments);
        }

        /** Moves past the bodies of the heredocs opened by {@code arguments}, in order. */
        private void skipHeredocBodies(String arguments) {
            Matcher heredoc = HEREDOC.matcher(arguments);
            while (heredoc.find()) {
                boolean stripTabs = !heredoc.group(1).isEmpty();
                String terminator = heredoc.group(3);
                while (next + 1 < lines.length) {
                    next++;
                    String body = stripTabs ? lines[next].replaceFirst("^\t+", "") : lines[next];
                    if (body.equals(terminator)) {
                        break;
                    }
                }
            }
        }
    }
}
