package io.dcbuild.operator.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header, e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"}.
 *
 * @param scheme     lowercase scheme: {@code bearer}, {@code basic}, ...
 * @param parameters parameter names in lowercase, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

    static final String BEARER = "bearer";
    static final String BASIC = "basic";

    AuthChallenge {
        parameters = Map.copyOf(parameters);
    }

    boolean isBearer() {
        return BEARER.equals(scheme);
    }

    boolean isBasic() {
        return BASIC.equals(scheme);
    }

    Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** The preferred challenge among all {@code WWW-Authenticate} values: Bearer over Basic over others. */
    static Optional<AuthChallenge> preferred(List<String> headerValues) {
        List<AuthChallenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> all.stream().filter(AuthChallenge::isBasic).findFirst())
                .or(() -> all.stream().findFirst());
    }

    /** All challenges in one header value (a value may hold several, separated by commas). */
    static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        Cursor cursor = new Cursor(header == null ? "" : header);
        String scheme = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        while (cursor.skipSeparators()) {
            String token = cursor.token();
            if (token.isEmpty()) {
                cursor.advance(); // stray character: skip it
                continue;
            }
            cursor.skipSpaces();
            if (scheme != null && cursor.peek() == '=') {
                cursor.advance();
                cursor.skipSpaces();
                parameters.put(token.toLowerCase(Locale.ROOT), cursor.peek() == '"' ? cursor.quoted() : cursor.token());
            } else {
                if (scheme != null) {
                    challenges.add(new AuthChallenge(scheme, parameters));
                }
                scheme = token.toLowerCase(Locale.ROOT);
                parameters = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            challenges.add(new AuthChallenge(scheme, parameters));
        }
        return challenges;
    }

    /** A tiny scanner over a header value. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        void advance() {
            position++;
        }

        void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        /** Skips spaces and commas; false at the end. */
        boolean skipSeparators() {
            while (position < text.length() && (text.charAt(position) == ',' || Character.isWhitespace(text.charAt(position)))) {
                position++;
            }
            return position < text.length();
        }

        String token() {
            int start = position;
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '=' || c == ',' || c == '"' || Character.isWhitespace(c)) {
                    break;
                }
                position++;
            }
            return text.substring(start, position);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            position++; // opening quote
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '\\' && position < text.length()) {
                    value.append(text.charAt(position++));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }
}
