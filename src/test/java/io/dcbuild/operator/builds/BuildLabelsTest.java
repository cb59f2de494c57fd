package io.dcbuild.operator.builds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildLabelsTest {

    private static final String LABEL_VALUE = "^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$";

    @Test
    void aNameThatFitsIsItsOwnLabelValue() {
        assertThat(BuildLabels.buildValue("web")).isEqualTo("web");
        assertThat(BuildLabels.buildValue("a".repeat(63))).isEqualTo("a".repeat(63));
    }

    @Test
    void aLongNameBecomesAValidLabelValueUniqueToIt() {
        String prefix = "team-payments-devcontainer-with-a-very-long-descriptive-name-";
        String first = prefix + "frontend";
        String second = prefix + "backend-x";

        assertThat(BuildLabels.buildValue(first)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE)
                .startsWith("team-payments-").isNotEqualTo(BuildLabels.buildValue(second));
        assertThat(BuildLabels.buildValue(second)).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE);
        assertThat(BuildLabels.buildValue(first)).isEqualTo(BuildLabels.buildValue(first));
    }

    @Test
    void derivedNamesStayWithinTheLimitOfObjectNames() {
        String longest = "b".repeat(250);
        assertThat(BuildLabels.derivedName(longest, "-registry-config")).hasSize(253).endsWith("-registry-config");
        assertThat(BuildLabels.derivedName("web", "-ca-bundle")).isEqualTo("web-ca-bundle");
    }
}
