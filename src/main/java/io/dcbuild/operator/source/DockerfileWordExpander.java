package io.dcbuild.operator.source;

import java.util.Map;

/**
 * Substitutes build arguments in one Dockerfile word ({@code FROM} image, {@code --from} value) the way the
 * Dockerfile shell lexer does: {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-word}}, {@code ${NAME-word}},
 * {@code ${NAME:+word}}, {@code ${NAME+word}}, {@code ${NAME:?message}}, {@code ${NAME?message}}; the escape
 * character makes the next character literal; single quotes are literal, double quotes allow substitution; quotes
 * are removed.
 *
 * <p>A variable without a value makes the word unresolved (Docker would substitute an empty string and pull
 * something nobody wrote), and so does one whose value is unknown. Pattern forms ({@code #}, {@code %}, {@code /})
 * are not evaluated and make the word unresolved.
 */
final class DockerfileWordExpander {

    /** Substitutions nested deeper than this make the word unresolved (and keep the expander's stack bounded). */
    static final int MAX_NESTING = 16;
    /**
     * A word expanding to more characters than this is unresolved: an {@code ARG} that doubles an earlier one on
     * each line would otherwise grow exponentially within the 1 MiB a Dockerfile may have. No image reference comes
     * near it (a registry name is at most 255 characters per component).
     */
    static final int MAX_EXPANDED_LENGTH = 64 * 1024;

    private final char escape;

    DockerfileWordExpander(char escape) {
        this.escape = escape;
    }

    /** {@code word} with the variables of {@code scope} substituted; absent names have no value. */
    ExpandedWord expand(String word, Map<String, ArgumentValue> scope) {
        Expansion expansion = new Expansion(word, scope, 0);
        String text = expansion.run();
        if (text.length() > MAX_EXPANDED_LENGTH) {
            expansion.fail("it expands to more than " + MAX_EXPANDED_LENGTH + " characters");
        }
        return expansion.problem == null ? ExpandedWord.resolved(text) : ExpandedWord.unresolved(expansion.problem);
    }

    /** One pass over one word. The first problem met is kept. */
    private final class Expansion {
        private final String word;
        private final Map<String, ArgumentValue> scope;
        private final int nesting;
        private int at;
        private String problem;

        Expansion(String word, Map<String, ArgumentValue> scope, int nesting) {
            this.word = word;
            this.scope = scope;
            this.nesting = nesting;
        }

        String run() {
            StringBuilder out = new StringBuilder();
            while (at < word.length() && out.length() <= MAX_EXPANDED_LENGTH) {
                char c = word.charAt(at);
                if (c == escape && at + 1 < word.length()) {
                    out.append(word.charAt(at + 1));
                    at += 2;
                } else if (c == '\'') {
                    int close = word.indexOf('\'', at + 1);
                    int end = close < 0 ? word.length() : close;
                    out.append(word, at + 1, end);
                    at = close < 0 ? end : end + 1;
                } else if (c == '"') {
                    at++;
                    doubleQuoted(out);
                } else if (c == '$') {
                    dollar(out);
                } else {
                    out.append(c);
                    at++;
                }
            }
            return out.toString();
        }

        private void doubleQuoted(StringBuilder out) {
            while (at < word.length() && word.charAt(at) != '"') {
                char c = word.charAt(at);
                if (c == escape && at + 1 < word.length() && escapableInDoubleQuotes(word.charAt(at + 1))) {
                    out.append(word.charAt(at + 1));
                    at += 2;
                } else if (c == '$') {
                    dollar(out);
                } else {
                    out.append(c);
                    at++;
                }
            }
            at++; // the closing quote, if any
        }

        /** At a {@code $}: a variable, or a literal dollar. */
        private void dollar(StringBuilder out) {
            int next = at + 1;
            if (next < word.length() && word.charAt(next) == '{') {
                braced(out);
                return;
            }
            int end = next;
            while (end < word.length() && isNameChar(word.charAt(end))) {
                end++;
            }
            if (end == next) {
                out.append('$');
                at++;
                return;
            }
            String name = word.substring(next, end);
            at = end;
            out.append(plain(name));
        }

        private void braced(StringBuilder out) {
            int nameStart = at + 2;
            int end = nameStart;
            while (end < word.length() && isNameChar(word.charAt(end))) {
                end++;
            }
            String name = word.substring(nameStart, end);
            int close = matchingBrace(nameStart);
            if (close < 0) {
                fail("'${' without a closing '}'");
                at = word.length();
                return;
            }
            String modifier = word.substring(end, close);
            at = close + 1;
            if (name.isEmpty()) {
                fail("'${" + modifier + "}' names no variable");
                return;
            }
            if (modifier.isEmpty()) {
                out.append(plain(name));
                return;
            }
            boolean colon = modifier.startsWith(":");
            String operation = colon ? modifier.substring(1) : modifier;
            if (operation.isEmpty() || "-+?".indexOf(operation.charAt(0)) < 0) {
                fail("'${" + name + modifier + "}' uses a substitution form the preflight does not evaluate");
                return;
            }
            char operator = operation.charAt(0);
            String argument = operation.substring(1);
            ArgumentValue value = scope.get(name);
            if (value != null && !value.isKnown()) {
                fail(value.unknownReason());
                return;
            }
            boolean set = value != null && (!colon || !value.text().isEmpty());
            switch (operator) {
                case '-' -> out.append(set ? value.text() : nested(argument));
                case '+' -> out.append(set ? nested(argument) : "");
                default -> {
                    if (set) {
                        out.append(value.text());
                    } else {
                        fail("the argument " + name + " is required"
                                + (argument.isEmpty() ? "" : ": " + nested(argument)));
                    }
                }
            }
        }

        private String nested(String argument) {
            if (nesting >= MAX_NESTING) {
                fail("substitutions are nested more than " + MAX_NESTING + " deep");
                return "";
            }
            Expansion inner = new Expansion(argument, scope, nesting + 1);
            String text = inner.run();
            if (inner.problem != null) {
                fail(inner.problem);
            }
            return text;
        }

        private String plain(String name) {
            ArgumentValue value = scope.get(name);
            if (value == null) {
                fail("the argument " + name + " has no value");
                return "";
            }
            if (!value.isKnown()) {
                fail(value.unknownReason());
                return "";
            }
            return value.text();
        }

        /** Index of the {@code }} closing the {@code ${} whose name starts at {@code from}, nested ones skipped. */
        private int matchingBrace(int from) {
            int depth = 1;
            for (int i = from; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c == escape) {
                    i++;
                } else if (c == '$' && i + 1 < word.length() && word.charAt(i + 1) == '{') {
                    depth++;
                    i++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private void fail(String reason) {
            if (problem == null) {
                problem = reason;
            }
        }
    }

    private boolean escapableInDoubleQuotes(char c) {
        return c == '"' || c == '$' || c == escape;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
