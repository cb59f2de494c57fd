package io.dcbuild.operator.testing;

/**
 * The simulated kubelet cannot build the container's environment (a referenced Secret or key is missing); a real
 * kubelet reports this as the waiting reason {@code CreateContainerConfigError}.
 */
public final class ContainerConfigException extends Exception {

    public ContainerConfigException(String message) {
        super(message);
    }
}
