package io.dcbuild.operator.source;

/**
 * The value of a build argument as far as the preflight knows it: a known text, or unknown with the reason (for
 * example a devcontainer.json arg taken from the builder's environment). An argument without any value is absent.
 */
record ArgumentValue(String text, String unknownReason) {

    static ArgumentValue known(String text) {
        return new ArgumentValue(text, null);
    }

    static ArgumentValue unknown(String reason) {
        return new ArgumentValue(null, reason);
    }

    boolean isKnown() {
        return text != null;
    }
}
