package io.dcbuild.operator.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces secret values in text that the operator writes (status, Events, logs) with {@code ***}. */
public final class SecretRedaction {

    /** Values shorter than this are not replaced: they would blank out ordinary words. */
    private static final int SHORTEST = 3;

    private SecretRedaction() {
    }

    /** {@code text} with every value of {@code secrets} replaced, longest first (no part of a longer one leaks). */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        List<String> longestFirst = secrets.stream().filter(s -> s != null && s.length() >= SHORTEST)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        String result = text;
        for (String secret : longestFirst) {
            result = result.replace(secret, "***");
        }
        return result;
    }
}
