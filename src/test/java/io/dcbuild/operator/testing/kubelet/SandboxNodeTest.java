package io.dcbuild.operator.testing.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dcbuild.operator.testing.controlplane.ControlPlane;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated node against the real API server: registration, binding, logs through pods/log, deletion. */
class SandboxNodeTest {

    private static final String NAMESPACE = "sandbox-node-test";
    private static KubernetesClient admin;
    private static SandboxNode node;

    @BeforeAll
    static void register() {
        admin = ControlPlane.shared().admin();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).serverSideApply();
        node = SandboxNode.register(admin);
    }

    @AfterAll
    static void unregister() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theNodeIsReadyWithItsKubeletEndpointAndALease() {
        Node registered = admin.nodes().withName(SandboxNode.NAME).get();
        assertThat(registered.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(registered.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("127.0.0.1");
        });
        assertThat(registered.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
                .isEqualTo(node.kubeletPort());
        Lease lease = admin.leases().inNamespace("kube-node-lease").withName(SandboxNode.NAME).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(SandboxNode.NAME);
    }

    @Test
    void aBoundPodsLogIsReadThroughTheApiServerAndItsDeletionCompletes() {
        Pod pod = admin.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("logged")
                .endMetadata().withNewSpec().addNewContainer().withName("envbuilder").withImage("envbuilder")
                .endContainer().endSpec().build()).create();
        node.bind(pod);
        Pod bound = admin.pods().inNamespace(NAMESPACE).withName("logged").get();
        assertThat(node.runs(bound)).isTrue();

        String log = IntStream.rangeClosed(1, 250).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        node.publish(NAMESPACE, "logged", log);
        List<String> lines = admin.pods().inNamespace(NAMESPACE).withName("logged").inContainer("envbuilder")
                .tailingLines(200).getLog().lines().toList();
        assertThat(lines).hasSize(200);
        assertThat(lines.get(0)).isEqualTo("line 51");
        assertThat(lines.get(199)).isEqualTo("line 250");
        assertThat(ControlPlane.shared().commands().kubectl(null, "logs", "-n", NAMESPACE, "logged", "--tail=1")
                .output()).isEqualTo("line 250\n");

        admin.pods().inNamespace(NAMESPACE).withName("logged").delete();
        Pod terminating = admin.pods().inNamespace(NAMESPACE).withName("logged").get();
        assertThat(terminating.getMetadata().getDeletionTimestamp())
                .as("a pod bound to a node waits for its kubelet").isNotNull();
        node.completeDeletion(terminating);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.pods().inNamespace(NAMESPACE).withName("logged").get() == null);
    }
}
