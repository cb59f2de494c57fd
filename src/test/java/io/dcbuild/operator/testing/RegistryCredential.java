package io.dcbuild.operator.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A user name and password for one registry, as found in a docker {@code config.json}. */
public record RegistryCredential(String username, String password) {

    /** The value of an HTTP {@code Authorization} header for basic authentication. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredential[" + username + ", ****]";
    }
}
