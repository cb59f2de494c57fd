package io.dcbuild.operator.retention;

import io.dcbuild.operator.registry.DistributionClient;
import io.dcbuild.operator.registry.RegistryRequestListener;

/** How retention reaches a registry: a client with the right scheme and credentials for each registry host. */
@FunctionalInterface
public interface RegistryAccess {

    /**
     * A client for {@code registryHost} ({@code host[:port]}, {@code docker.io} for Docker Hub) that tells
     * {@code listener} about every request it sends. The credentials need pull, push (for pin tags) and delete.
     */
    DistributionClient client(String registryHost, RegistryRequestListener listener);
}
