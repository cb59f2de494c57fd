package io.dcbuild.operator.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kubernetes label selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
public final class LabelSelectorMatch {

    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    private LabelSelectorMatch() {
    }

    /** A missing selector matches nothing; an empty one matches everything. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (var entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!matches(requirement, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the selector may select these labels, reading a requirement it cannot evaluate (an unknown operator,
     * values where none or some are expected) as met: the namespaces an invalid policy could govern. A missing selector selects nothing.
     */
    public static boolean couldMatch(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        LabelSelector readable = new LabelSelectorBuilder(selector).withMatchExpressions(
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions().stream()
                        .filter(r -> problem(r).isEmpty()).toList()).build();
        return matches(readable, labels);
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> false;
        };
    }

    /** What is wrong with a selector, one sentence each; a selector with problems matches nothing it should. */
    public static List<String> problems(LabelSelector selector) {
        if (selector == null) {
            return List.of("spec.namespaceSelector is missing: the policy selects no namespace "
                    + "(an empty selector {} selects all)");
        }
        if (selector.getMatchExpressions() == null) {
            return List.of();
        }
        return selector.getMatchExpressions().stream().map(LabelSelectorMatch::problem)
                .flatMap(Optional::stream).toList();
    }

    /** What is wrong with one requirement, as the API server would say of a built-in object's selector. */
    private static Optional<String> problem(LabelSelectorRequirement r) {
        boolean takesValues = "In".equals(r.getOperator()) || "NotIn".equals(r.getOperator());
        boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
        if (!OPERATORS.contains(r.getOperator())) {
            return Optional.of("spec.namespaceSelector has the unknown operator '" + r.getOperator() + "' for key "
                    + r.getKey() + " (expected In, NotIn, Exists or DoesNotExist)");
        }
        if (takesValues != hasValues) {
            return Optional.of("spec.namespaceSelector: the operator " + r.getOperator() + " for key " + r.getKey()
                    + (takesValues ? " needs at least one value" : " takes no values")
                    + " (as Kubernetes requires of label selectors)");
        }
        return Optional.empty();
    }
}
