package io.dcbuild.operator.testing;

import io.dcbuild.operator.PrioritizedReconcileExecutor;
import io.dcbuild.operator.builds.BuildInputsLoader;
import io.dcbuild.operator.builds.BuildPreflight;
import io.dcbuild.operator.builds.BuildSecretsReader;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.BuilderPodFactory;
import io.dcbuild.operator.builds.CaBundleConfigMap;
import io.dcbuild.operator.builds.DevContainerBuildReconciler;
import io.dcbuild.operator.builds.KeepWarm;
import io.dcbuild.operator.builds.NamedSecretWatches;
import io.dcbuild.operator.builds.PushedRefs;
import io.dcbuild.operator.builds.RegistryCacheLayerAges;
import io.dcbuild.operator.builds.RegistryCachedImageVerifier;
import io.dcbuild.operator.builds.RegistryConfigSecret;
import io.dcbuild.operator.builds.RunFollower;
import io.dcbuild.operator.cli.StandaloneOperatorConfig;
import io.dcbuild.operator.cli.UsageException;
import io.dcbuild.operator.metrics.BuildMetrics;
import io.dcbuild.operator.metrics.Leadership;
import io.dcbuild.operator.metrics.RunMetrics;
import io.dcbuild.operator.clusterproxy.ClusterProxySource;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.OperatorLease;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.policy.DevContainerBuildPolicyReconciler;
import io.dcbuild.operator.policy.PolicyMaterialReader;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.retention.PolicyRetentionRun;
import io.dcbuild.operator.retention.RetentionMetrics;
import io.dcbuild.operator.runs.DevContainerBuildRunReconciler;
import io.dcbuild.operator.runs.PodLogs;
import io.dcbuild.operator.source.GitRefResolver;
import io.dcbuild.operator.source.PreflightReader;
import io.dcbuild.operator.source.SharedRefResolutions;
import io.dcbuild.operator.status.KubernetesEvents;
import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's build and run controllers in a Java Operator SDK {@link Operator} of their own, without Quarkus,
 * wired as {@code OperatorComponents} wires them, holding the operator ServiceAccount's token: an operator a test
 * can stop and start again (a restart: new informers, nothing kept in memory). With a write budget it "crashes"
 * right after its n-th write of a run or a pod: every request after that one goes to a closed port, as if the
 * process had died, until the test stops it. {@link #startServing} runs the policy controller too, and serves only
 * some namespaces, as a namespaced install does.
 */
public final class StandaloneOperator implements AutoCloseable {

    /** Writes that count for the crash budget: runs (create, status) and pods (create, delete). */
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Operator operator;
    private final WriteBudget budget;
    private final Leadership leadership;
    private final ClusterProxySource clusterProxy;

    private StandaloneOperator(Operator operator, WriteBudget budget, Leadership leadership,
            ClusterProxySource clusterProxy) {
        this.clusterProxy = clusterProxy;
        this.operator = operator;
        this.budget = budget;
        this.leadership = leadership;
    }

    /** An operator that runs until stopped. */
    public static StandaloneOperator start(ControlPlane controlPlane, String token) {
        return start(controlPlane, token, Integer.MAX_VALUE);
    }

    /** An operator that is cut off from the API server right after its {@code writes}-th write of a run or pod. */
    public static StandaloneOperator start(ControlPlane controlPlane, String token, int writes) {
        return start(controlPlane, token, writes, WatchedNamespaces.all(), false, Optional.empty(), Optional.empty());
    }

    /**
     * The build, run and policy controllers, as the operator runs them, serving {@code watched} (configured as
     * {@code dcbuild.watch-namespaces} would configure the Quarkus operator).
     */
    public static StandaloneOperator startServing(ControlPlane controlPlane, String token, WatchedNamespaces watched) {
        return start(controlPlane, token, Integer.MAX_VALUE, watched, true, Optional.empty(), Optional.empty());
    }

    /**
     * The build, run and policy controllers serving every namespace, with the OpenShift cluster proxy's trusted CA
     * bundle in the ConfigMap {@code trustedCaConfigMap} ({@code namespace/name}, as the chart configures it).
     */
    public static StandaloneOperator startWithClusterTrustedCa(ControlPlane controlPlane, String token,
            String trustedCaConfigMap) {
        return start(controlPlane, token, Integer.MAX_VALUE, WatchedNamespaces.all(), true, Optional.empty(),
                Optional.of(trustedCaConfigMap));
    }

    /**
     * An operator that reconciles only while it holds the Lease in {@code leaseNamespace}, configured as the
     * operator configures itself ({@link OperatorLease}, the default {@code dcbuild.leader-election.*} settings)
     * under the name {@code identity}; it does not end the JVM when it loses the Lease.
     */
    public static StandaloneOperator startWithLease(ControlPlane controlPlane, String token, String leaseNamespace,
            String identity) {
        return start(controlPlane, token, Integer.MAX_VALUE, WatchedNamespaces.all(), true,
                Optional.of(new LeaseOf(settings().leaderElection(), leaseNamespace, identity)), Optional.empty());
    }

    /**
     * The build, run and policy controllers serving every namespace, on {@code clock} (a test's: keep-warm, refresh
     * times, run records).
     */
    public static StandaloneOperator startOnClock(ControlPlane controlPlane, String token, Clock clock) {
        return start(controlPlane, token, Integer.MAX_VALUE, WatchedNamespaces.all(), true, Optional.empty(),
                Optional.empty(), clock);
    }

    private static StandaloneOperator start(ControlPlane controlPlane, String token, int writes,
            WatchedNamespaces watched, boolean withPolicies, Optional<OperatorConfig.LeaderElection> leaseSettings,
            Optional<String> trustedCaConfigMap) {
        return start(controlPlane, token, writes, watched, withPolicies, leaseSettings, trustedCaConfigMap,
                Clock.systemUTC());
    }

    private static StandaloneOperator start(ControlPlane controlPlane, String token, int writes,
            WatchedNamespaces watched, boolean withPolicies, Optional<OperatorConfig.LeaderElection> leaseSettings,
            Optional<String> trustedCaConfigMap, Clock clock) {
        WriteBudget budget = new WriteBudget(writes);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(controlPlane.apiServerUrl().toString())
                .withCaCertData(controlPlane.certificateAuthorityData())
                .withOauthToken(token)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("crash", budget))
                .build();
        OperatorConfig settings = settings();
        PlainHttpRegistries plainHttp = new PlainHttpRegistries(List.of("127.0.0.1", "localhost"));
        NamedSecretWatches secrets = new NamedSecretWatches(client, settings.secrets().maxWatches(),
                settings.secrets().watchIdleAfter(), clock);
        EgressHttpClients http = new EgressHttpClients(settings.registry().connectTimeout(),
                settings.registry().requestTimeout());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Leadership leadership = new Leadership(meters);
        Optional<LeaderElectionConfiguration> lease = leaseSettings.flatMap(election -> OperatorLease.configuration(election,
                null, false, leadership.callbacks()));
        if (lease.isEmpty()) {
            leadership.leadAlone();
        }
        ClusterProxySource clusterProxy = ClusterProxySource.of(client, settings.clusterProxy().enabled(),
                trustedCaConfigMap.or(() -> settings.clusterProxy().trustedCaConfigMap()));
        BuildMetrics buildMetrics = new BuildMetrics(meters);
        RunFollower runs = new RunFollower(client, new BuilderPodFactory(plainHttp), new PodLogs(client),
                new RegistryCachedImageVerifier(http, plainHttp), settings.build().failureLogLines(), clock);
        DevContainerBuildReconciler builds = new DevContainerBuildReconciler(
                new BuildSpecValidator(settings.builder().requireDigest()),
                new BuildInputsLoader(new PolicyMaterialReader(client), new BuildSecretsReader(secrets),
                        new RegistryConfigSecret(client), new CaBundleConfigMap(client), clusterProxy),
                new BuildPreflight(new PreflightReader(settings.git().timeoutSeconds(),
                        settings.git().preflightMemoryBytes())),
                new SharedRefResolutions(new GitRefResolver(settings.git().timeoutSeconds()), clock),
                runs, secrets, new PushedRefs(), settings, watched, buildMetrics,
                new KubernetesEvents(client, clock), clock, clusterProxy,
                new KeepWarm(new RegistryCacheLayerAges(http, plainHttp), runs, new KubernetesEvents(client, clock),
                        buildMetrics, settings.keepWarm(), clock));
        Operator operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(true)
                    .withExecutorService(new PrioritizedReconcileExecutor(settings.reconcileThreads(),
                            settings.firstReconciles()));
            lease.ifPresent(overrider::withLeaderElectionConfiguration);
        });
        operator.register(builds, controller -> controller.settingNamespaces(watched.forController()));
        operator.register(new DevContainerBuildRunReconciler(client, settings, watched, http,
                new RunMetrics(meters, clock), clock),
                controller -> controller.settingNamespaces(watched.forController()));
        if (withPolicies) {
            operator.register(new DevContainerBuildPolicyReconciler(client,
                    new PolicyRetentionRun(client, http, plainHttp, clock),
                    new RetentionMetrics(meters), new KubernetesEvents(client, clock), settings,
                    watched, clock, clusterProxy));
        }
        try {
            operator.start();
        } catch (RuntimeException e) {
            operator.stop();
            if (!budget.exhausted.get()) {
                throw e;
            }
            // cut off while its informers were starting: a crash during start-up
        }
        return new StandaloneOperator(operator, budget, leadership, clusterProxy);
    }

    private static OperatorConfig settings() {
        try {
            return StandaloneOperatorConfig.create(List.of("127.0.0.1", "localhost"));
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What its {@code dcbuild_leader} gauge says: whether it reconciles. */
    public boolean leading() {
        return leadership.leading();
    }

    /** Whether the write budget ran out: the operator is cut off and waits to be stopped. */
    public boolean crashed() {
        return budget.exhausted.get();
    }

    /** How many writes of runs and pods reached the API server. */
    public int writes() {
        return budget.sent.get();
    }

    /**
     * How many writes of anything but its Lease (and the access review of leader election) it sent: statuses,
     * runs, pods, derived Secrets and ConfigMaps, Events. Zero for an instance that never reconciled.
     */
    public int reconcileWrites() {
        return budget.reconcileWrites.get();
    }

    public void stop() {
        operator.stop();
        clusterProxy.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** Leader election settings with the Lease's namespace and this instance's name given. */
    private record LeaseOf(OperatorConfig.LeaderElection defaults, String namespace, String name)
            implements OperatorConfig.LeaderElection {

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String leaseName() {
            return defaults.leaseName();
        }

        @Override
        public Optional<String> leaseNamespace() {
            return Optional.of(namespace);
        }

        @Override
        public Optional<String> identity() {
            return Optional.of(name);
        }

        @Override
        public Duration leaseDuration() {
            return defaults.leaseDuration();
        }

        @Override
        public Duration renewDeadline() {
            return defaults.renewDeadline();
        }

        @Override
        public Duration retryPeriod() {
            return defaults.retryPeriod();
        }
    }

    /** Lets {@code limit} writes of runs and pods through; after that, sends every request to a closed port. */
    private static final class WriteBudget implements Interceptor {

        private static final URI NOWHERE = URI.create("https://127.0.0.1:1/");

        private final int limit;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger reconcileWrites = new AtomicInteger();
        private final AtomicBoolean exhausted = new AtomicBoolean();

        WriteBudget(int limit) {
            this.limit = limit;
        }

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            if (!exhausted.get() && WRITES.contains(request.method()) && !leaderElection(request)) {
                reconcileWrites.incrementAndGet();
            }
            if (!exhausted.get() && counts(request)) {
                synchronized (this) {
                    if (sent.get() < limit) {
                        sent.incrementAndGet();
                    } else {
                        exhausted.set(true);
                    }
                }
            }
            if (exhausted.get()) {
                builder.uri(NOWHERE);
            }
        }

        private static boolean leaderElection(HttpRequest request) {
            String path = request.uri().getPath();
            return path.contains("/leases") || path.endsWith("/selfsubjectrulesreviews");
        }

        private static boolean counts(HttpRequest request) {
            String path = request.uri().getPath();
            return WRITES.contains(request.method())
                    && (path.contains("/devcontainerbuildruns") || path.contains("/pods"));
        }
    }
}
