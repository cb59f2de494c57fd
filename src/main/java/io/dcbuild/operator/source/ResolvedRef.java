package io.dcbuild.operator.source;

/** A ref as the git server reported it: its full name and the commit it points at (tags peeled). */
public record ResolvedRef(String fullName, String commit) {
}
