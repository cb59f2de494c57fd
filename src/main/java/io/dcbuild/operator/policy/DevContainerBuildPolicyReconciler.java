package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicyStatus;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.builds.BuildBlockedException;
import io.dcbuild.operator.builds.PollInterval;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.builds.StatusFingerprint;
import io.dcbuild.operator.retention.PolicyRetentionRun;
import io.dcbuild.operator.retention.RetentionMetrics;
import io.dcbuild.operator.retention.RetentionReport;
import io.dcbuild.operator.retention.RetentionSettings;
import io.dcbuild.operator.retention.RetentionStatusRecorder;
import io.dcbuild.operator.status.Conditions;
import io.dcbuild.operator.status.KubernetesEvents;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles a DevContainerBuildPolicy: records the namespaces it selects and the builds it governs, and runs
 * cache retention for those builds when it is due (every {@code retention.interval}, or at once when the
 * annotation {@code dcbuild.io/retention-run} gets a new value).
 *
 * <p>In a namespaced install ({@link WatchedNamespaces}) the namespaces it reports and the builds it governs (whose
 * cache repositories retention sweeps, with their registry Secrets) are those of the watched namespaces only. The
 * marks of retention still come from the builds of every namespace: a digest that a build outside the watched
 * namespaces records in a swept repository must not be deleted either, so listing builds stays a cluster-wide right.
 */
@ControllerConfiguration(name = DevContainerBuildPolicyReconciler.NAME, generationAwareEventProcessing = false)
public class DevContainerBuildPolicyReconciler implements Reconciler<DevContainerBuildPolicy> {

    public static final String NAME = "devcontainerbuildpolicy";
    /** Selected namespaces and governed builds are refreshed at least this often. */
    static final Duration REFRESH = Duration.ofMinutes(5);
    static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofHours(24);

    private final KubernetesClient client;
    private final PolicySpecValidator validator;
    private final PolicyRetentionRun retentionRun;
    private final PolicyMaterialReader materialReader;
    private final RetentionMetrics metrics;
    private final KubernetesEvents events;
    private final WatchedNamespaces watched;
    private final Clock clock;

    @Inject
    public DevContainerBuildPolicyReconciler(KubernetesClient client, PolicyRetentionRun retentionRun,
            RetentionMetrics metrics, KubernetesEvents events, OperatorConfig config, WatchedNamespaces watched,
            Clock clock) {
        this.client = client;
        this.watched = watched;
        this.validator = new PolicySpecValidator(config.builder().requireDigest());
        this.retentionRun = retentionRun;
        this.materialReader = new PolicyMaterialReader(client);
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public UpdateControl<DevContainerBuildPolicy> reconcile(DevContainerBuildPolicy policy,
            Context<DevContainerBuildPolicy> context) {
        String before = StatusFingerprint.of(policy.getStatus());
        if (policy.getStatus() == null) {
            policy.setStatus(new DevContainerBuildPolicyStatus());
        }
        DevContainerBuildPolicyStatus status = policy.getStatus();
        long generation = Optional.ofNullable(policy.getMetadata().getGeneration()).orElse(0L);
        status.setObservedGeneration(generation);
        Conditions conditions = new Conditions(status.getConditions(), generation, clock);

        List<DevContainerBuildPolicy> policies = context.getPrimaryCache().list().toList();
        List<Namespace> namespaces = client.namespaces().list().getItems().stream()
                .filter(ns -> watched.includes(ns.getMetadata().getName())).toList();
        List<String> selected = namespaces.stream()
                .filter(ns -> LabelSelectorMatch.matches(policy.getSpec().getNamespaceSelector(),
                        ns.getMetadata().getLabels()))
                .map(ns -> ns.getMetadata().getName()).sorted().toList();
        Set<String> governedNamespaces = namespaces.stream()
                .filter(ns -> PolicyRanking.governing(policies, labels(ns))
                        .map(p -> p.getMetadata().getName().equals(policy.getMetadata().getName())).orElse(false))
                .map(ns -> ns.getMetadata().getName()).collect(Collectors.toSet());
        // every namespace's builds: the marks of retention (see the class)
        List<DevContainerBuild> allBuilds = client.resources(DevContainerBuild.class).inAnyNamespace().list()
                .getItems();
        List<DevContainerBuild> governed = allBuilds.stream()
                .filter(b -> governedNamespaces.contains(b.getMetadata().getNamespace())).toList();
        status.setSelectedNamespaces(selected);
        status.setGovernedBuilds(governed.size());
        List<String> problems = validator.problems(policy.getSpec());
        if (problems.isEmpty()) {
            conditions.set("Ready", true, "Applied", "selects " + selected.size() + " namespaces and governs "
                    + governed.size() + " builds" + (watched.everywhere() ? ""
                            : " (of the namespaces this operator serves: " + watched + ")"));
        } else {
            conditions.set("Ready", false, "InvalidSpec", String.join("; ", problems));
        }

        Duration next = REFRESH;
        RetentionSpec retention = policy.getSpec().getRetention();
        if (retention != null && Boolean.TRUE.equals(retention.getEnabled()) && problems.isEmpty()) {
            Duration interval = retention.getInterval() == null ? DEFAULT_RETENTION_INTERVAL
                    : PollInterval.parse(retention.getInterval());
            String request = annotation(policy, DevContainerBuildPolicy.RETENTION_RUN_ANNOTATION);
            if (retentionDue(status, interval, request)) {
                EffectivePolicy own = EffectivePolicy.of(List.of(policy));
                try {
                    EgressSettings egress = EgressSettings.of(own.proxy(), materialReader.read(own).caBundlePem());
                    RetentionReport report = retentionRun.run(governed, allBuilds, settings(retention), egress,
                            own.defaultCacheRepo());
                    record(policy, conditions, report, request);
                } catch (BuildBlockedException e) {
                    conditions.set("RetentionSucceeded", false, e.reason(), e.getMessage());
                }
            }
            next = min(next, untilNextRun(status, interval));
        }
        UpdateControl<DevContainerBuildPolicy> control = StatusFingerprint.of(status).equals(before)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(policy);
        return control.rescheduleAfter(next);
    }

    private void record(DevContainerBuildPolicy policy, Conditions conditions, RetentionReport report,
            String request) {
        policy.getStatus().setRetention(RetentionStatusRecorder.of(report, request));
        metrics.record(policy.getMetadata().getName(), report);
        String summary = RetentionStatusRecorder.summary(report);
        boolean deletesUnsupported = report.repositories().stream().anyMatch(r -> r.deletesUnsupported());
        if (report.hasErrors()) {
            String reason = deletesUnsupported ? "DeletesUnsupported" : "RetentionFailed";
            conditions.set("RetentionSucceeded", false, reason, summary);
            events.warning(policy, reason, summary);
        } else {
            conditions.set("RetentionSucceeded", true, report.dryRun() ? "DryRun" : "Completed", summary);
            events.normal(policy, report.dryRun() ? "RetentionDryRun" : "RetentionCompleted", summary);
        }
    }

    private boolean retentionDue(DevContainerBuildPolicyStatus status, Duration interval, String request) {
        if (status.getRetention() == null || status.getRetention().getLastRunStarted() == null) {
            return true;
        }
        if (request != null && !Objects.equals(request, status.getRetention().getRunRequest())) {
            return true;
        }
        Duration left = untilNextRun(status, interval);
        return left.isNegative() || left.isZero();
    }

    private Duration untilNextRun(DevContainerBuildPolicyStatus status, Duration interval) {
        if (status.getRetention() == null || status.getRetention().getLastRunStarted() == null) {
            return Duration.ZERO;
        }
        Instant last = Instant.parse(status.getRetention().getLastRunStarted());
        return Duration.between(Instant.now(clock), last.plus(interval));
    }

    private static RetentionSettings settings(RetentionSpec retention) {
        RetentionSettings settings = retention.getTtlDays() == null ? RetentionSettings.defaults()
                : RetentionSettings.ofTtlDays(retention.getTtlDays());
        return settings.withDryRun(Boolean.TRUE.equals(retention.getDryRun()));
    }

    private static Duration min(Duration a, Duration b) {
        Duration positiveB = b.isNegative() || b.isZero() ? Duration.ofSeconds(1) : b;
        return a.compareTo(positiveB) <= 0 ? a : positiveB;
    }

    private static Map<String, String> labels(Namespace ns) {
        return ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
    }

    private static String annotation(DevContainerBuildPolicy policy, String name) {
        Map<String, String> annotations = policy.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }
}
