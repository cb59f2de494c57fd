package io.dcbuild.operator.testing.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.dcbuild.operator.testing.PodLogPublisher;
import io.dcbuild.operator.testing.TestCertificateAuthority;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The node of the sandbox, <b>simulated</b>: what a kubelet does towards a real API server, without running
 * containers (see {@code EnvbuilderKubeletSimulator} for what plays the containers).
 *
 * <ul>
 *   <li>registers a {@code Node} whose {@code InternalIP} is 127.0.0.1 and whose kubelet endpoint is this class's
 *       HTTPS server (a free port on loopback), and keeps its {@code Ready} condition and its {@code Lease} in
 *       {@code kube-node-lease} fresh;</li>
 *   <li>binds pods to itself (there is no scheduler) and completes their deletion as a kubelet does once a pod's
 *       containers are gone (a deleted pod bound to a node stays, terminating, until then);</li>
 *   <li>serves {@code /containerLogs/<namespace>/<pod>/<container>} ({@code tailLines} honoured), so that
 *       {@code pods/log} through the API server, what the operator reads and {@code kubectl logs} shows, comes from
 *       here. The API server does not verify a kubelet's certificate unless told to, so a throwaway one does.</li>
 * </ul>
 */
public final class SandboxNode implements PodLogPublisher, AutoCloseable {

    public static final String NAME = "sandbox-node";
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final String LEASE_NAMESPACE = "kube-node-lease";

    private final KubernetesClient admin;
    private final TestCertificateAuthority certificates;
    private final HttpsServer logServer;
    private final ScheduledExecutorService heartbeat;
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    private SandboxNode(KubernetesClient admin) throws IOException, GeneralSecurityException {
        this.admin = admin;
        this.certificates = TestCertificateAuthority.create();
        this.logServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        logServer.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificates)) {
            @Override
            public void configure(HttpsParameters parameters) {
                // a burst of ten log reads through the API server once timed out (10 s) here, cause not found: TLS
                // 1.2, a thread per reader and no kept-alive connections are the conservative set-up
                SSLParameters tls = getSSLContext().getDefaultSSLParameters();
                tls.setProtocols(new String[] {"TLSv1.2"});
                parameters.setSSLParameters(tls);
            }
        });
        logServer.createContext("/containerLogs/", this::serveLog);
        logServer.setExecutor(Executors.newCachedThreadPool(daemon("sandbox-kubelet-logs")));
        logServer.start();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-node-heartbeat"));
    }

    /** Registers (or re-registers) the node and starts its heartbeat. */
    public static SandboxNode register(KubernetesClient admin) {
        try {
            SandboxNode node = new SandboxNode(admin);
            node.writeNode();
            node.heartbeat.scheduleWithFixedDelay(node::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                    TimeUnit.MILLISECONDS);
            return node;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the sandbox node's kubelet endpoint", e);
        }
    }

    public String name() {
        return NAME;
    }

    public int kubeletPort() {
        return logServer.getAddress().getPort();
    }

    /** Binds the pod to this node, as the scheduler would; a pod already bound or gone is left alone. */
    public void bind(Pod pod) {
        try {
            admin.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(NAME).endTarget()
                    .build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Whether the pod runs here. */
    public boolean runs(Pod pod) {
        return NAME.equals(pod.getSpec().getNodeName());
    }

    /**
     * Removes a terminating pod for good once its containers are stopped, as a kubelet does: a delete with grace
     * period 0. (A new pod of the same name cannot exist before this delete: the name is still taken.)
     */
    public void completeDeletion(Pod pod) {
        try {
            admin.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void publish(String namespace, String podName, String log) {
        logs.put(namespace + "/" + podName, log);
    }

    private void serveLog(HttpExchange exchange) throws IOException {
        try (exchange) {
            // /containerLogs/<namespace>/<pod>/<container>
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String log = parts.length == 5 && CONTAINER.equals(parts[4]) ? logs.get(parts[2] + "/" + parts[3]) : null;
            if (log == null) {
                byte[] body = ("container " + (parts.length == 5 ? parts[4] : "?") + " has no log here\n")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String tailLines = queryParameter(exchange, "tailLines");
            byte[] body = (tailLines == null ? log : PodLogPublisher.lastLines(log, Integer.parseInt(tailLines)))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void writeNode() {
        Node node = new NodeBuilder()
                .withNewMetadata().withName(NAME)
                .withLabels(Map.of("kubernetes.io/hostname", NAME, "kubernetes.io/os", "linux",
                        "kubernetes.io/arch", "amd64", "dcbuild.io/simulated", "true"))
                .endMetadata()
                .build();
        admin.nodes().resource(node).fieldManager("sandbox-node").forceConflicts().serverSideApply();
        writeNodeStatus();
        renewLease();
    }

    private void writeNodeStatus() {
        String now = timestamp(Instant.now());
        NodeCondition ready = new NodeConditionBuilder().withType("Ready").withStatus("True")
                .withReason("KubeletReady").withMessage("simulated kubelet is posting ready status")
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("500"), "ephemeral-storage", new Quantity("100Gi"));
        admin.nodes().withName(NAME).editStatus(node -> {
            node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                    .withConditions(List.of(ready))
                    .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                    .addNewAddress().withType("Hostname").withAddress(NAME).endAddress()
                    .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort())
                    .endKubeletEndpoint().endDaemonEndpoints()
                    .withCapacity(capacity).withAllocatable(capacity)
                    .withNewNodeInfo().withKubeletVersion("simulated").withOperatingSystem("linux")
                    .withArchitecture("amd64").withContainerRuntimeVersion("simulated://envbuilder")
                    .withOsImage("dcbuild sandbox").withKernelVersion("").withKubeProxyVersion("")
                    .withMachineID("").withSystemUUID("").withBootID("").endNodeInfo()
                    .build());
            return node;
        });
    }

    private void beat() {
        try {
            renewLease();
            admin.nodes().withName(NAME).editStatus(node -> {
                node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                        .forEach(c -> c.setLastHeartbeatTime(timestamp(Instant.now())));
                return node;
            });
        } catch (RuntimeException e) {
            // the next beat tries again, as a kubelet does
        }
    }

    private void renewLease() {
        ZonedDateTime now = ZonedDateTime.now(java.time.ZoneOffset.UTC);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(NAME).withNamespace(LEASE_NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(NAME).withLeaseDurationSeconds(40).withRenewTime(now).endSpec()
                .build();
        admin.leases().inNamespace(LEASE_NAMESPACE).resource(lease).fieldManager("sandbox-node").forceConflicts()
                .serverSideApply();
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static SSLContext sslContext(TestCertificateAuthority certificates)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = certificates.serverKeyStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(certificates.serverKeyStore())) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops the heartbeat and the log endpoint and removes the Node. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        logServer.stop(0);
        try {
            admin.nodes().withName(NAME).delete();
        } catch (KubernetesClientException e) {
            // the control plane may be gone already
        }
        certificates.close();
    }
}
