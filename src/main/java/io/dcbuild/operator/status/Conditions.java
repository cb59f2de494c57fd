package io.dcbuild.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that writes conditions. A condition keeps its {@code lastTransitionTime} while its status stays
 * the same; reason, message and observedGeneration follow the latest write.
 */
public final class Conditions {

    private final List<Condition> conditions;
    private final long observedGeneration;
    private final Clock clock;

    public Conditions(List<Condition> conditions, long observedGeneration, Clock clock) {
        this.conditions = conditions;
        this.observedGeneration = observedGeneration;
        this.clock = clock;
    }

    public void set(ConditionType type, boolean status, String reason, String message) {
        set(type.name(), status, reason, message);
    }

    public void set(String type, boolean status, String reason, String message) {
        String statusText = status ? "True" : "False";
        Optional<Condition> existing = find(type);
        String transition = existing.filter(c -> statusText.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElseGet(this::now);
        Condition updated = new ConditionBuilder()
                .withType(type)
                .withStatus(statusText)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(transition)
                .build();
        existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    }

    /**
     * The conditions of these types that a reconcile decided again and left as they were: they now hold for this
     * generation too, so their observedGeneration moves to it. Status, reason, message and lastTransitionTime stay.
     */
    public void stillHold(ConditionType... types) {
        for (ConditionType type : types) {
            find(type.name()).ifPresent(c -> conditions.set(conditions.indexOf(c), new ConditionBuilder(c)
                    .withObservedGeneration(observedGeneration).build()));
        }
    }

    public Optional<Condition> find(String type) {
        return conditions.stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
