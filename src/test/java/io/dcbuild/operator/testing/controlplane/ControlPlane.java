package io.dcbuild.operator.testing.controlplane;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.util.FileUtils;

/**
 * A real Kubernetes control plane on loopback, built from source ({@link UpstreamBinaries}): etcd and
 * kube-apiserver started by Fabric8 kube-api-test (offline: it only runs the binaries; it never touches
 * {@code ~/.kube/config}), with RBAC authorization, plus a kube-controller-manager running only the garbage
 * collector and the namespace controller. Every port is a free one chosen at start.
 *
 * <p>There is no scheduler and no kubelet: {@code testing.kubelet.SandboxNode} plays the node (simulated).
 *
 * <p>One control plane per JVM ({@link #shared()}), stopped when the JVM exits; tests isolate themselves by
 * namespace. Quarkus loads test resources and test classes in different class loaders, so the running control
 * plane is found through system properties rather than a static field alone: whichever loader asks first starts it,
 * the others attach to it.
 */
public final class ControlPlane implements AutoCloseable {

    private static final String WORK_DIR_PROPERTY = "sandbox-control-plane.dir";
    private static final Pattern SERVER = Pattern.compile("server: (https://[^\\s]+)");
    private static ControlPlane shared;
    /** Metadata (user, verb, resource, namespace, response code) of every request made by a service account. */
    private static final String AUDIT_POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
                userGroups: ["system:serviceaccounts"]
              - level: None
            """;

    private final Path workDir;
    private final URI apiServerUrl;
    private final KubernetesClient admin;
    private final KubeAPIServer apiServer;
    private final KubeControllerManager controllerManager;
    private final UpstreamBinaries binaries;

    private ControlPlane(Path workDir, KubeAPIServer apiServer, KubeControllerManager controllerManager,
            UpstreamBinaries binaries) throws IOException {
        this.workDir = workDir;
        this.apiServer = apiServer;
        this.controllerManager = controllerManager;
        this.binaries = binaries;
        String kubeconfig = Files.readString(adminKubeconfig());
        Matcher server = SERVER.matcher(kubeconfig);
        if (!server.find()) {
            throw new IllegalStateException("no server in " + adminKubeconfig());
        }
        this.apiServerUrl = URI.create(server.group(1));
        Config adminConfig = Config.fromKubeconfig(kubeconfig);
        // the administrator's client certificate only, whatever token the JVM's system properties name
        adminConfig.setOauthToken(null);
        this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    }

    /** The control plane of this JVM, started on first use. */
    public static ControlPlane shared() {
        synchronized (System.getProperties()) {
            if (shared != null) {
                return shared;
            }
            try {
                String running = System.getProperty(WORK_DIR_PROPERTY);
                if (running != null) {
                    shared = new ControlPlane(Path.of(running), null, null, UpstreamBinaries.ensureBuilt());
                } else {
                    shared = start();
                    System.setProperty(WORK_DIR_PROPERTY, shared.workDir.toString());
                    ControlPlane started = shared;
                    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "control-plane-stop"));
                }
                return shared;
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the control plane", e);
            }
        }
    }

    /**
     * A control plane of its own (etcd, kube-apiserver, kube-controller-manager), for a test that runs operators of
     * its own and must not meet the operator the Quarkus tests of this JVM keep running on the shared one. The
     * caller closes it.
     */
    public static ControlPlane startPrivate(String name) {
        try {
            return start("run-" + ProcessHandle.current().pid() + "-" + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the control plane " + name, e);
        }
    }

    private static ControlPlane start() throws IOException {
        return start("run-" + ProcessHandle.current().pid());
    }

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private static ControlPlane start(String runName) throws IOException {
        UpstreamBinaries binaries = UpstreamBinaries.ensureBuilt();
        Path workDir = UpstreamBinaries.projectRoot().resolve("target").resolve("control-plane").resolve(runName);
        FileUtils.delete(workDir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        Files.createDirectories(workDir);
        Files.createSymbolicLink(workDir.resolve("k8s"), binaries.kubernetesListDir());
        Files.writeString(workDir.resolve("audit-policy.yaml"), AUDIT_POLICY);
        KubeAPIServer apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(workDir.toString())
                .withApiServerVersion(binaries.kubernetesVersion())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
                // loopback only; no Endpoints for a loopback address (the API server would refuse its own)
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--endpoint-reconciler-type", "none")
                // pods/log goes to the (simulated) kubelet at the node's InternalIP
                .withApiServerFlag("--kubelet-preferred-address-types", "InternalIP")
                // what service accounts (the operator) ask of the API server: read by RbacAuditTest
                .withApiServerFlag("--audit-policy-file", workDir.resolve("audit-policy.yaml").toString())
                .withApiServerFlag("--audit-log-path", workDir.resolve("audit.log").toString())
                .withApiServerFlag("--audit-log-format", "json")
                .build());
        MidnightStartupGuard.waitIfTheDeadlineWouldWrap(STARTUP_TIMEOUT);
        try {
            apiServer.start();
        } catch (RuntimeException e) {
            apiServer.stop(); // a start that failed must not leave its processes behind
            throw e;
        }
        Files.writeString(workDir.resolve("admin.kubeconfig"), apiServer.getKubeConfigYaml());
        KubeControllerManager controllerManager = KubeControllerManager.start(binaries.kubeControllerManager(),
                workDir.resolve("admin.kubeconfig"), workDir.resolve("kube-controller-manager.log"));
        return new ControlPlane(workDir, apiServer, controllerManager, binaries);
    }

    /** A client with {@code system:masters} rights, as a cluster administrator has. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A kubeconfig file of the administrator, for {@code kubectl} and {@code helm}. */
    public Path adminKubeconfig() {
        return workDir.resolve("admin.kubeconfig");
    }

    public URI apiServerUrl() {
        return apiServerUrl;
    }

    /** The API server's serving certificate (self-signed), base64 of its PEM, as kubeconfigs carry it. */
    public String certificateAuthorityData() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(workDir.resolve("apiserver.crt")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API server's audit log: every request of a service account, such as the operator's. */
    public AuditLog auditLog() {
        return new AuditLog(workDir.resolve("audit.log"));
    }

    /** The real kubectl and helm, as this control plane's administrator. */
    public ClusterCommands commands() {
        return new ClusterCommands(this);
    }

    public UpstreamBinaries binaries() {
        return binaries;
    }

    /** Where this run keeps its certificates, kubeconfigs and logs ({@code target/control-plane/run-<pid>}). */
    public Path workDir() {
        return workDir;
    }

    /** Stops the processes this instance started (an attached instance only closes its client). */
    @Override
    public void close() {
        admin.close();
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (apiServer != null) {
            apiServer.stop();
        }
    }
}
