package io.dcbuild.operator.registry;

import java.util.List;

/**
 * One logical registry call: what it needs as token scope, and how messages name it
 * ({@code DELETE manifest team/app@sha256:... on registry host:5000}).
 */
record RegistryCall(String registry, String method, String repository, String target, String what, Access access) {

    /** The token actions a call needs. */
    enum Access {
        PULL("pull"),
        PUSH("pull,push"),
        DELETE("pull,delete");

        private final String actions;

        Access(String actions) {
            this.actions = actions;
        }
    }

    static RegistryCall manifest(String registry, String method, String repository, String reference,
            Access access) {
        return new RegistryCall(registry, method, repository, reference, "manifest", access);
    }

    static RegistryCall blob(String registry, String repository, String digest) {
        return new RegistryCall(registry, "GET", repository, digest, "blob", Access.PULL);
    }

    static RegistryCall tagList(String registry, String repository) {
        return new RegistryCall(registry, "GET", repository, null, "tag list", Access.PULL);
    }

    /** {@code repository:<name>:<actions>}, as sent to a token endpoint. */
    List<String> scopes() {
        return List.of("repository:" + repository + ":" + access.actions);
    }

    @Override
    public String toString() {
        String subject = target == null ? repository
                : repository + (target.startsWith("sha256:") ? "@" : ":") + target;
        return method + " " + what + " " + subject + " on registry " + registry;
    }
}
