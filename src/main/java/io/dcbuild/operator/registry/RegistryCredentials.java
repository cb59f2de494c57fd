package io.dcbuild.operator.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A registry user and password (or token used as password). {@link #toString()} never shows the password. */
public record RegistryCredentials(String username, String password) {

    public RegistryCredentials {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("registry username is empty");
        }
        if (password == null) {
            throw new IllegalArgumentException("registry password for user '" + username + "' is missing");
        }
    }

    /** The value of an {@code Authorization} header for HTTP basic authentication. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
