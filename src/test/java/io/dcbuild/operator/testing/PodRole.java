package io.dcbuild.operator.testing;

import java.util.Locale;
import java.util.Optional;

/** The value of the {@code dcbuild.io/role} label on pods the operator creates. */
public enum PodRole {
    PROBE,
    BUILD,
    VERIFY;

    public static final String LABEL = "dcbuild.io/role";

    public String labelValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PodRole> fromLabel(String value) {
        for (PodRole role : values()) {
            if (role.labelValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
