package io.dcbuild.operator.builds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every form in which a secret value may reach a message: raw, base64 (standard and URL-safe, with and without
 * padding), URL-encoded (as forms and as paths encode a space) and JSON-escaped. Redaction replaces them all.
 */
public final class SecretForms {

    private SecretForms() {
    }

    public static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        forms.add(base64);
        forms.add(base64.replaceAll("=+$", ""));
        String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
        forms.add(urlSafe);
        forms.add(urlSafe.replaceAll("=+$", ""));
        String urlEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        forms.add(urlEncoded);
        forms.add(urlEncoded.replace("+", "%20"));
        forms.add(jsonEscaped(value));
        forms.add(jsonEscaped(value).replace("/", "\\/"));
        return forms;
    }

    /** Forms of a user name and password as HTTP basic authentication carries them ({@code user:password}). */
    public static Set<String> ofBasicAuth(String username, String password) {
        Set<String> forms = new LinkedHashSet<>(of(password));
        forms.addAll(of(username + ":" + password));
        return forms;
    }

    private static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
