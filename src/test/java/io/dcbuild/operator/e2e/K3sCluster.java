package io.dcbuild.operator.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real K3s cluster and a real registry:2 container on one Docker network, for machines with a Docker engine.
 * The operator (in the test JVM) reaches the API server through the kubeconfig K3s writes, and both the operator
 * and the builder pods reach the registry at its address on the Docker bridge (Linux Docker hosts route to it).
 */
public class K3sCluster implements QuarkusTestResourceLifecycleManager {

    static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.31.4-k3s1");
    static final DockerImageName REGISTRY = DockerImageName.parse("registry:2.8.3");

    static String registryHostPort;

    private Network network;
    private K3sContainer k3s;
    private GenericContainer<?> registry;

    @Override
    public Map<String, String> start() {
        network = Network.newNetwork();
        registry = new GenericContainer<>(REGISTRY).withNetwork(network).withExposedPorts(5000)
                .withEnv("REGISTRY_STORAGE_DELETE_ENABLED", "true");
        registry.start();
        String registryIp = registry.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
        registryHostPort = registryIp + ":5000";
        k3s = new K3sContainer(K3S).withNetwork(network);
        k3s.start();
        try {
            Path kubeconfig = Files.createTempFile("k3s-", ".kubeconfig");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
            System.setProperty("kubeconfig", kubeconfig.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the K3s kubeconfig", e);
        }
        return Map.of(
                "quarkus.operator-sdk.crd.apply", "true",
                "quarkus.operator-sdk.enable-ssa", "true",
                "dcbuild.registry.plain-http-hosts", registryIp);
    }

    @Override
    public void stop() {
        if (k3s != null) {
            k3s.stop();
        }
        if (registry != null) {
            registry.stop();
        }
        if (network != null) {
            network.close();
        }
    }
}
