package io.dcbuild.operator.source;

/** Username and password (or token) for a git server. {@link #toString()} never shows the password. */
public record GitCredentials(String username, String password) {

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=***]";
    }
}
