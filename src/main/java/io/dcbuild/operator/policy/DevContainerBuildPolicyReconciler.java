package io.dcbuild.operator.policy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicy;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildPolicyStatus;
import io.dcbuild.operator.api.v1alpha1.RetentionSpec;
import io.dcbuild.operator.builds.BuildBlockedException;
import io.dcbuild.operator.builds.ReconcileFailureReason;
import io.dcbuild.operator.clusterproxy.ClusterProxySource;
import io.dcbuild.operator.clusterproxy.ProxyChoice;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.egress.EgressSettings;
import io.dcbuild.operator.builds.StatusFingerprint;
import io.dcbuild.operator.retention.PolicyRetentionRun;
import io.dcbuild.operator.retention.RetentionMetrics;
import io.dcbuild.operator.retention.RetentionReport;
import io.dcbuild.operator.retention.RetentionSettings;
import io.dcbuild.operator.retention.RetentionStatusRecorder;
import io.dcbuild.operator.status.KubernetesEvents;
import io.dcbuild.operator.status.PolicyStatusRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reconciles a DevContainerBuildPolicy: records the namespaces it selects and the builds it governs, and runs
 * cache retention for those builds when it is due (every {@code retention.interval}, or at once when the
 * annotation {@code dcbuild.io/retention-run} gets a new value).
 *
 * <p>Its Ready, Reconciling and Stalled conditions follow kstatus ({@link PolicyStatusRecorder}): Ready once the
 * policy is valid and counted, Stalled while it is invalid (a person must fix it; it holds its builds meanwhile),
 * Reconciling while a reconcile that failed is retried with backoff. Cache retention has its own condition,
 * RetentionSucceeded: a retention run that fails does not make the policy itself unready.
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
    /**
     * How soon retention that the policy's own CA bundle or registry credentials kept from starting is tried again
     * (they are not watched): a fix is picked up then, and the ConfigMap or Secret is not read on every second.
     */
    static final Duration BLOCKED_RETENTION_RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(DevContainerBuildPolicyReconciler.class);

    private final KubernetesClient client;
    private final PolicySpecValidator validator;
    private final PolicyRetentionRun retentionRun;
    private final PolicyMaterialReader materialReader;
    private final RetentionMetrics metrics;
    private final KubernetesEvents events;
    private final WatchedNamespaces watched;
    private final ClusterProxySource clusterProxy;
    private final Clock clock;

    @Inject
    public DevContainerBuildPolicyReconciler(KubernetesClient client, PolicyRetentionRun retentionRun,
            RetentionMetrics metrics, KubernetesEvents events, OperatorConfig config, WatchedNamespaces watched,
            Clock clock, ClusterProxySource clusterProxy) {
        this.client = client;
        this.clusterProxy = clusterProxy;
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
        PolicyStatusRecorder recorder = new PolicyStatusRecorder(policy, clock);
        DevContainerBuildPolicyStatus status = policy.getStatus();

        PolicyScope scope = PolicyScope.of(policy, context.getPrimaryCache().list().toList(), client, watched);
        status.setSelectedNamespaces(scope.selectedNamespaces());
        status.setGovernedBuilds(scope.governedBuilds().size());

        List<String> problems = validator.problems(policy.getSpec());
        if (!problems.isEmpty()) {
            recorder.invalid(problems);
            return respond(policy, before, REFRESH);
        }
        recorder.applied("selects " + scope.selectedNamespaces().size() + " namespaces and governs "
                + scope.governedBuilds().size() + " builds" + (watched.everywhere() ? ""
                        : " (of the namespaces this operator serves: " + watched + ")"));

        Duration next = REFRESH;
        Optional<RetentionSchedule> retention = RetentionSchedule.of(policy);
        if (retention.isPresent()) {
            boolean due = retention.get().due(status.getRetention(), Instant.now(clock));
            next = due && !runRetention(policy, scope, retention.get(), recorder)
                    ? min(next, BLOCKED_RETENTION_RETRY)
                    : min(next, retention.get().untilNextRun(status.getRetention(), Instant.now(clock)));
        }
        return respond(policy, before, next);
    }

    /**
     * A reconcile that threw (the API server or a registry out of reach, or a bug of the operator): the policy is
     * Reconciling, with what went wrong, until a retry succeeds.
     */
    @Override
    public ErrorStatusUpdateControl<DevContainerBuildPolicy> updateErrorStatus(DevContainerBuildPolicy policy,
            Context<DevContainerBuildPolicy> context, Exception thrown) {
        Exception e = ReconcileFailureReason.unwrapped(thrown);
        String before = StatusFingerprint.of(policy.getStatus());
        String reason = ReconcileFailureReason.of(e);
        String attempt = context.getRetryInfo().map(r -> " (attempt " + r.getAttemptCount() + ")").orElse("");
        String what = reason.equals(ReconcileFailureReason.INTERNAL_ERROR)
                ? "an internal error of the operator (" + e.getClass().getName() + "), please report it; " : "";
        String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        PolicyStatusRecorder.afterFailedReconcile(policy, clock).retrying(reason, what
                + "could not apply the policy, retrying with backoff" + attempt + ": " + error);
        LOG.warnf("policy %s: %s: %s", policy.getMetadata().getName(), reason, error);
        return StatusFingerprint.of(policy.getStatus()).equals(before)
                ? ErrorStatusUpdateControl.noStatusUpdate()
                : ErrorStatusUpdateControl.patchStatus(policy);
    }

    /**
     * Runs retention and records its report.
     *
     * @return false when the policy's CA bundle or registry credentials kept it from starting (then it is a failed
     *         run: the condition, a Warning Event and the failed-runs metric say so; the last report stays)
     */
    private boolean runRetention(DevContainerBuildPolicy policy, PolicyScope scope, RetentionSchedule schedule,
            PolicyStatusRecorder recorder) {
        RetentionSpec retention = policy.getSpec().getRetention();
        EffectivePolicy own = EffectivePolicy.of(List.of(policy));
        try {
            // the policy's proxy, else the OpenShift cluster's (with its trusted CA unless the policy names one)
            ProxyChoice proxy = clusterProxy.choose(own.proxy());
            EgressSettings egress = EgressSettings.of(proxy.proxy(),
                    clusterProxy.caBundle(proxy, materialReader.read(own).caBundlePem()));
            RetentionReport report = retentionRun.run(scope.governedBuilds(), scope.allBuilds(), settings(retention),
                    egress, own.defaultCacheRepo());
            record(policy, recorder, report, schedule.request());
            return true;
        } catch (BuildBlockedException e) {
            String message = "cache retention could not start: " + e.getMessage() + "; tried again in "
                    + BLOCKED_RETENTION_RETRY.toMinutes() + " minute";
            recorder.retentionFailed(e.reason(), message);
            metrics.blocked(policy.getMetadata().getName(), Boolean.TRUE.equals(retention.getDryRun()));
            events.warning(policy, e.reason(), message);
            return false;
        }
    }

    private UpdateControl<DevContainerBuildPolicy> respond(DevContainerBuildPolicy policy, String before,
            Duration next) {
        UpdateControl<DevContainerBuildPolicy> control = StatusFingerprint.of(policy.getStatus()).equals(before)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(policy);
        return control.rescheduleAfter(next);
    }

    private void record(DevContainerBuildPolicy policy, PolicyStatusRecorder recorder, RetentionReport report,
            String request) {
        policy.getStatus().setRetention(RetentionStatusRecorder.of(report, request));
        metrics.record(policy.getMetadata().getName(), report);
        String summary = RetentionStatusRecorder.summary(report);
        boolean deletesUnsupported = report.repositories().stream().anyMatch(r -> r.deletesUnsupported());
        if (report.hasErrors()) {
            String reason = deletesUnsupported ? "DeletesUnsupported" : "RetentionFailed";
            recorder.retentionFailed(reason, summary);
            events.warning(policy, reason, summary);
        } else {
            recorder.retentionSucceeded(report.dryRun() ? "DryRun" : "Completed", summary);
            events.normal(policy, report.dryRun() ? "RetentionDryRun" : "RetentionCompleted", summary);
        }
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
}
