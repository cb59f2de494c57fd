package io.dcbuild.operator;

import io.dcbuild.operator.builds.BuildInputsLoader;
import io.dcbuild.operator.builds.BuildPreflight;
import io.dcbuild.operator.builds.BuildSecretsReader;
import io.dcbuild.operator.builds.BuildSpecValidator;
import io.dcbuild.operator.builds.BuilderPodFactory;
import io.dcbuild.operator.builds.CaBundleConfigMap;
import io.dcbuild.operator.builds.CachedImageVerifier;
import io.dcbuild.operator.builds.KeepWarm;
import io.dcbuild.operator.builds.NamedSecretWatches;
import io.dcbuild.operator.builds.RegistryCacheLayerAges;
import io.dcbuild.operator.builds.RegistryCachedImageVerifier;
import io.dcbuild.operator.builds.RegistryConfigSecret;
import io.dcbuild.operator.builds.RunFollower;
import io.dcbuild.operator.clusterproxy.ClusterProxySource;
import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.config.OperatorLease;
import io.dcbuild.operator.config.WatchedNamespaces;
import io.dcbuild.operator.egress.EgressHttpClients;
import io.dcbuild.operator.gitevents.LeaderPodLabel;
import io.dcbuild.operator.policy.PolicyMaterialReader;
import io.dcbuild.operator.registry.PlainHttpRegistries;
import io.dcbuild.operator.retention.PolicyRetentionRun;
import io.dcbuild.operator.metrics.BuildMetrics;
import io.dcbuild.operator.metrics.Leadership;
import io.dcbuild.operator.metrics.RunMetrics;
import io.dcbuild.operator.retention.RetentionMetrics;
import io.dcbuild.operator.runs.PodLogs;
import io.dcbuild.operator.source.GitRefResolver;
import io.dcbuild.operator.source.PreflightReader;
import io.dcbuild.operator.source.SharedRefResolutions;
import io.dcbuild.operator.status.KubernetesEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires the operator's collaborators from typed configuration. Each is a plain class, testable without CDI. */
@ApplicationScoped
public class OperatorComponents {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The namespaces served: every one, or those of a namespaced install ({@code dcbuild.watch-namespaces}). */
    @Produces
    @Singleton
    WatchedNamespaces watchedNamespaces(OperatorConfig config) {
        return WatchedNamespaces.of(config);
    }

    @Produces
    @Singleton
    PlainHttpRegistries plainHttpRegistries(OperatorConfig config) {
        return new PlainHttpRegistries(config.registry().plainHttpHosts().orElse(List.of()));
    }

    @Produces
    @Singleton
    CachedImageVerifier cachedImageVerifier(EgressHttpClients http, PlainHttpRegistries plainHttp) {
        return new RegistryCachedImageVerifier(http, plainHttp);
    }

    @Produces
    @Singleton
    EgressHttpClients egressHttpClients(OperatorConfig config) {
        return new EgressHttpClients(config.registry().connectTimeout(), config.registry().requestTimeout());
    }

    @Produces
    @Singleton
    NamedSecretWatches namedSecretWatches(KubernetesClient client, OperatorConfig config, Clock clock) {
        return new NamedSecretWatches(client, config.secrets().maxWatches(), config.secrets().watchIdleAfter(), clock);
    }

    /** The OpenShift cluster proxy for builds whose policies set none ({@code dcbuild.cluster-proxy.*}). */
    @Produces
    @Singleton
    ClusterProxySource clusterProxySource(KubernetesClient client, OperatorConfig config) {
        return ClusterProxySource.of(client, config.clusterProxy().enabled(),
                config.clusterProxy().trustedCaConfigMap());
    }

    void closeClusterProxySource(@Disposes ClusterProxySource source) {
        source.close();
    }

    @Produces
    @Singleton
    BuildInputsLoader buildInputsLoader(KubernetesClient client, NamedSecretWatches secrets,
            ClusterProxySource clusterProxy) {
        return new BuildInputsLoader(new PolicyMaterialReader(client), new BuildSecretsReader(secrets),
                new RegistryConfigSecret(client), new CaBundleConfigMap(client), clusterProxy);
    }

    @Produces
    @Singleton
    BuildPreflight buildPreflight(OperatorConfig config) {
        return new BuildPreflight(
                new PreflightReader(config.git().timeoutSeconds(), config.git().preflightMemoryBytes()));
    }

    @Produces
    @Singleton
    KubernetesEvents kubernetesEvents(KubernetesClient client, Clock clock) {
        return new KubernetesEvents(client, clock);
    }

    @Produces
    @Singleton
    PolicyRetentionRun policyRetentionRun(KubernetesClient client, EgressHttpClients http,
            PlainHttpRegistries plainHttp, Clock clock) {
        return new PolicyRetentionRun(client, http, plainHttp, clock);
    }

    @Produces
    @Singleton
    BuildMetrics buildMetrics(MeterRegistry registry) {
        return new BuildMetrics(registry);
    }

    @Produces
    @Singleton
    RunMetrics runMetrics(MeterRegistry registry, Clock clock) {
        return new RunMetrics(registry, clock);
    }

    @Produces
    @Singleton
    Leadership leadership(MeterRegistry registry) {
        return new Leadership(registry);
    }

    @Produces
    @Singleton
    RetentionMetrics retentionMetrics(MeterRegistry registry) {
        return new RetentionMetrics(registry);
    }

    @Produces
    @Singleton
    BuildSpecValidator buildSpecValidator(OperatorConfig config) {
        return new BuildSpecValidator(config.builder().requireDigest());
    }

    @Produces
    @Singleton
    SharedRefResolutions refResolutions(OperatorConfig config, Clock clock) {
        return new SharedRefResolutions(new GitRefResolver(config.git().timeoutSeconds()), clock);
    }

    @Produces
    @Singleton
    RunFollower runFollower(KubernetesClient client, PlainHttpRegistries plainHttp, CachedImageVerifier verifier,
            OperatorConfig config, Clock clock) {
        return new RunFollower(client, new BuilderPodFactory(plainHttp), new PodLogs(client), verifier,
                config.build().failureLogLines(), clock);
    }

    @Produces
    @Singleton
    KeepWarm keepWarm(EgressHttpClients http, PlainHttpRegistries plainHttp, RunFollower runs,
            KubernetesEvents events, BuildMetrics metrics, OperatorConfig config, Clock clock) {
        return new KeepWarm(new RegistryCacheLayerAges(http, plainHttp), runs, events, metrics, config.keepWarm(),
                clock);
    }

    /**
     * Runs' reconciles before builds' in the shared reconcile pool (see {@link PrioritizedReconcileExecutor}), and
     * reconciling only while this instance holds the Lease ({@link OperatorLease}; losing it ends the process).
     */
    @Produces
    @Singleton
    ConfigurationServiceCustomizer operatorSettings(OperatorConfig config, KubernetesClient client,
            Leadership leadership, LeaderPodLabel podLabel) {
        ConfigurationServiceCustomizer pool = PrioritizedReconcileExecutor.customizer(config.reconcileThreads(),
                config.firstReconciles());
        // the leader's pod is labelled for the git push receiver's Service (LeaderPodLabel)
        Optional<LeaderElectionConfiguration> lease = OperatorLease.configuration(config.leaderElection(),
                client.getNamespace(), true, podLabel.following(leadership.callbacks()));
        if (lease.isEmpty()) {
            leadership.leadAlone();
            podLabel.leading(true);
        }
        return () -> overrider -> {
            pool.overrider().accept(overrider);
            lease.ifPresent(overrider::withLeaderElectionConfiguration);
        };
    }
}
