/**
 * The test harness: fixtures that run real local servers, and the simulated kubelet. Never part of the operator.
 *
 * <ul>
 *   <li>Real: {@link io.dcbuild.operator.testing.LocalRegistry} (Debian docker-registry),
 *       {@link io.dcbuild.operator.testing.GitHttpServer} (JGit smart HTTP on Jetty 12, or HTTPS with a certificate
 *       of a {@link io.dcbuild.operator.testing.TestCertificateAuthority}),
 *       {@link io.dcbuild.operator.testing.LocalProxy} (Debian tinyproxy). All bind 127.0.0.1 on free ports.</li>
 *   <li>Real, built from source: the Kubernetes control plane
 *       ({@link io.dcbuild.operator.testing.controlplane.ControlPlane}: etcd, kube-apiserver, kube-controller-manager),
 *       into which {@link io.dcbuild.operator.testing.controlplane.OperatorInstallation} installs the committed CRDs
 *       and RBAC.</li>
 *   <li>Simulated: {@link io.dcbuild.operator.testing.kubelet.SandboxNode} plays the node (binding, heartbeat, the
 *       kubelet's log endpoint behind {@code pods/log}), and
 *       {@link io.dcbuild.operator.testing.EnvbuilderKubeletSimulator} plays Envbuilder in the pods the operator
 *       creates, pushing to and probing the real registry.</li>
 * </ul>
 *
 * <p>Typical use in a {@code @QuarkusTest}:
 * <pre>{@code
 * @WithTestResource(value = OperatorOnControlPlane.class, scope = TestResourceScope.MATCHING_RESOURCES)
 * ...
 * KubernetesClient admin = ControlPlane.shared().admin();
 * simulator = EnvbuilderKubeletSimulator.onNewNode(admin);
 * }</pre>
 */
package io.dcbuild.operator.testing;
