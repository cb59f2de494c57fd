package io.dcbuild.operator.cli;

import java.util.regex.Pattern;

/**
 * Hides credentials written into URLs ({@code http://user:secret@proxy:3128}), as a proxy URL of a policy may carry
 * them: the preflight prints no secret value.
 */
final class UrlUserInfoRedaction {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private UrlUserInfoRedaction() {
    }

    static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("***@");
    }
}
