package io.dcbuild.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed operator configuration, under the prefix {@code dcbuild}. */
@ConfigMapping(prefix = "dcbuild")
public interface OperatorConfig {

    Builder builder();

    Build build();

    Registry registry();

    Git git();

    Runs runs();

    /** Which of several operator pods reconciles: the holder of a Lease (see {@link OperatorLease}). */
    LeaderElection leaderElection();

    /** The OpenShift cluster proxy, for builds whose policies set no proxy (see README, "OpenShift cluster proxy"). */
    ClusterProxy clusterProxy();

    /**
     * The namespaces whose builds this operator serves, comma-separated ({@code DCBUILD_WATCH_NAMESPACES}); unset or
     * empty: every namespace. A namespaced install sets it and grants the namespaced rights by a Role in each of
     * these namespaces only (see {@link WatchedNamespaces}).
     */
    Optional<List<String>> watchNamespaces();

    /**
     * Reconciles that run at once, all controllers together (the Java Operator SDK's default); waiting runs go
     * before waiting builds.
     */
    @WithDefault("50")
    int reconcileThreads();

    /**
     * Of those, first reconciles of new resources (ref resolution, preflight) at most: with many new builds at once
     * (after an outage, an upgrade, a large GitOps sync), runs and builds in progress keep threads and API server
     * time, so results are recorded while the backlog drains.
     */
    @WithDefault("8")
    int firstReconciles();

    /** The git push receiver, {@code POST /webhooks/git/<host>} (see {@code gitevents.GitPushReceiver}). */
    GitEvents gitEvents();

    /** The validating admission webhook, HTTPS on a port of its own (see {@code admission.WebhookServer}). */
    Webhook webhook();

    /** Refresh runs of builds that keep their cache warm (spec.cache.keepWarm; see {@code builds.KeepWarm}). */
    KeepWarm keepWarm();

    interface KeepWarm {
        /** Refresh runs under way at once in one namespace, at most; a due refresh waits for a free one. */
        @WithDefault("2")
        int maxRefreshesPerNamespace();

        /** Refresh runs under way at once in all namespaces this operator serves, at most. */
        @WithDefault("10")
        int maxRefreshes();
    }

    interface Builder {
        /** Envbuilder image used when a build names none; pinned by digest. */
        @WithDefault("ghcr.io/coder/envbuilder@sha256:b34ade2fb90a8536df76e7a15c6dd8c6352d0ae835a187b13467fa0c8a71e280")
        String defaultImage();

        /** Refuse builder images that are not pinned by digest. */
        @WithDefault("true")
        boolean requireDigest();

        /** activeDeadlineSeconds of builder pods when a build names none. */
        @WithDefault("3600")
        long defaultDeadlineSeconds();

        /** Default CPU request of builder pods. */
        @WithDefault("500m")
        String cpuRequest();

        /** Default memory request of builder pods. */
        @WithDefault("1Gi")
        String memoryRequest();

        /** Default memory limit of builder pods. */
        @WithDefault("4Gi")
        String memoryLimit();
    }

    interface Build {
        /** How often refs are resolved again when a build names no poll interval. */
        @WithDefault("5m")
        Duration defaultPollInterval();

        /** Envbuilder's cache TTL when a build names none. */
        @WithDefault("7")
        int defaultCacheTtlDays();

        /** How many recorded images status.history keeps. */
        @WithDefault("10")
        int historyLimit();

        /** How many lines of a failed pod's log go into the Ready condition. */
        @WithDefault("15")
        int failureLogLines();
    }

    interface Registry {
        /**
         * Registry hosts (without port) reached over plain http instead of https, for local registries only.
         * Builder pods for cache repos on these hosts get ENVBUILDER_INSECURE=true.
         */
        Optional<List<String>> plainHttpHosts();

        @WithDefault("10s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration requestTimeout();
    }

    interface Git {
        /** Timeout of ls-remote and fetches, in seconds. */
        @WithDefault("30")
        int timeoutSeconds();

        /**
         * Bytes that the preflight's fetches may hold in memory at once, all together (64 MiB). A fetch that does
         * not fit is received into a temporary repository under {@code java.io.tmpdir} instead.
         */
        @WithDefault("67108864")
        long preflightMemoryBytes();
    }

    /** Secrets that builds name, read through a watch on each (see NamedSecretWatches). */
    Secrets secrets();

    interface Secrets {
        /** At most this many Secrets are watched; beyond, a Secret is read with a GET on each reconcile. */
        @WithDefault("500")
        int maxWatches();

        /** A watch no build has read for this long may be closed to make room for another. */
        @WithDefault("1h")
        Duration watchIdleAfter();
    }

    interface Runs {
        /**
         * How long a finished DevContainerBuildRun that no build follows any more is kept as the record of its cache
         * key's image (a build of that key arriving meanwhile is Ready without a pod). Bounds the number of runs.
         */
        @WithDefault("24h")
        Duration retention();
    }

    interface LeaderElection {
        /**
         * Whether the operator takes a Lease before it reconciles anything. On by default: with it several replicas
         * may run (one reconciles, the others wait with warm caches) and a rolling upgrade never has two writers.
         * Off only where one process is sure to run alone.
         */
        @WithDefault("true")
        boolean enabled();

        /** Name of the Lease; two installs serving the same builds must share it. */
        @WithDefault("devcontainer-build-operator")
        String leaseName();

        /**
         * Namespace of the Lease (the chart and the manifests set the operator's own, {@code POD_NAMESPACE} from
         * the downward API); unset: the namespace of the Kubernetes client's configuration.
         */
        Optional<String> leaseNamespace();

        /** This instance's name in the Lease (the chart sets the pod's name); unset: the host name. */
        Optional<String> identity();

        /** How long a Lease not renewed keeps other instances waiting: the longest hand-over after a crash. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** A leader that could not renew for this long stops leading (and exits, so that its pod restarts). */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often a waiting instance tries to take the Lease, and the leader renews it. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    interface ClusterProxy {
        /**
         * Whether builds whose policies set no proxy use the proxy of {@code config.openshift.io/v1} Proxy
         * {@code cluster} (its status) where the API server serves it. Off: no request about proxies at all.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * {@code namespace/name} of the ConfigMap labelled {@code config.openshift.io/inject-trusted-cabundle: "true"}
         * that OpenShift fills with the cluster's trusted CA bundle (key {@code ca-bundle.crt}); the chart and the
         * manifests create it in the operator's namespace. Unset: the cluster proxy comes without a CA bundle.
         */
        Optional<String> trustedCaConfigMap();
    }

    interface GitEvents {
        /**
         * The Secret holding the webhooks' shared secret under the key {@code secret}, in {@link #namespace()}.
         * Unset: the receiver answers every delivery 503 (not configured).
         */
        Optional<String> secretName();

        /** Namespace of that Secret: the operator's own (the chart sets it from the pod); unset: the client's. */
        Optional<String> namespace();

        /**
         * This operator's pod (the chart sets it from the downward API): the pod that leads labels itself
         * {@code dcbuild.io/leader=true}, which the receiver's Service selects. Unset (outside a pod): no label.
         */
        Optional<String> podName();

        /** Bodies larger than this are refused (413) after reading at most this many bytes and one more. */
        @WithDefault("1048576")
        int maxBodyBytes();

        /** How long a delivery id is remembered: the same id within that time is a replay (409). */
        @WithDefault("24h")
        Duration replayWindow();

        /** At most this many delivery ids are remembered (the oldest are forgotten first). */
        @WithDefault("10000")
        int replayIds();

        /** How long the Secret's value is reused before it is read again (a rotation takes effect within it). */
        @WithDefault("10s")
        Duration secretRefresh();
    }

    interface Webhook {
        /**
         * Whether every operator pod (leader or not) serves admission reviews of builds and policies over HTTPS.
         * Off: the API server's calls fail and its failurePolicy decides; the reconciler enforces either way.
         */
        @WithDefault("true")
        boolean enabled();

        /** The HTTPS port (the chart's container port "webhook"). */
        @WithDefault("9443")
        int port();

        /** The address it binds. */
        @WithDefault("0.0.0.0")
        String host();

        /**
         * Where its certificate comes from: {@code self-signed}, a CA the operator creates, keeps in the Secret
         * {@link #secretName()} and patches into the webhook configuration; {@code mounted}, the files
         * {@code tls.crt} and {@code tls.key} in {@link #certificateDir()} (cert-manager's Secret), reloaded when
         * they change.
         */
        @WithDefault("self-signed")
        CertificateSource certificates();

        /** The mounted certificate's directory ({@code mounted}). */
        @WithDefault("/var/run/dcbuild/webhook-tls")
        String certificateDir();

        /** The Secret (type kubernetes.io/tls) holding the self-signed CA and serving certificate. */
        @WithDefault("devcontainer-build-operator-webhook-tls")
        String secretName();

        /** Namespace of that Secret and of the Service: the operator's own (the chart sets it); unset: the client's. */
        Optional<String> namespace();

        /** The Service in front of the webhook port: the certificate is for {@code <service>.<namespace>.svc}. */
        @WithDefault("devcontainer-build-operator-webhook")
        String serviceName();

        /** The ValidatingWebhookConfiguration whose webhooks get the self-signed CA as caBundle. */
        @WithDefault("devcontainer-build-operator")
        String configurationName();

        /**
         * More names (DNS names or IP addresses) for the self-signed serving certificate, for an API server that
         * calls the webhook by URL rather than through the Service.
         */
        Optional<List<String>> extraNames();

        /** Admission reviews larger than this are refused (413) without being read further. */
        @WithDefault("3145728")
        int maxBodyBytes();

        /**
         * How often the certificate is checked: the Secret renewed before it expires (or taken from another replica
         * that renewed it), the caBundle patched back if it differs; the mounted files read for a change.
         */
        @WithDefault("1m")
        Duration certificateCheckInterval();

        enum CertificateSource {
            SELF_SIGNED,
            MOUNTED
        }
    }
}
