package io.dcbuild.operator.source;

import java.util.ArrayList;
import java.util.List;

/** Splits Dockerfile instruction arguments into words at unquoted, unescaped whitespace; quotes are kept. */
final class DockerfileWords {

    private DockerfileWords() {
    }

    static List<String> split(String arguments, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (c == escape && quote != '\'' && i + 1 < arguments.length()) {
                word.append(c).append(arguments.charAt(++i));
            } else if (quote != 0) {
                word.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
