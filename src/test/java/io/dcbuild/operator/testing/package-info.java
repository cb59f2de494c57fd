/**
 * The test harness: fixtures that run real local servers, and the simulated kubelet. Never part of the operator.
 *
 * <ul>
 *   <li>Real: {@link io.dcbuild.operator.testing.LocalRegistry} (Debian docker-registry),
 *       {@link io.dcbuild.operator.testing.GitHttpServer} (JGit smart HTTP on Jetty 12, or HTTPS with a certificate
 *       of a {@link io.dcbuild.operator.testing.TestCertificateAuthority}),
 *       {@link io.dcbuild.operator.testing.LocalProxy} (Debian tinyproxy). All bind 127.0.0.1 on free ports.</li>
 *   <li>Simulated: {@link io.dcbuild.operator.testing.EnvbuilderKubeletSimulator} plays kubelet and Envbuilder for
 *       the pods the operator creates in the Fabric8 mock API server, pushing to and probing the real registry;
 *       {@link io.dcbuild.operator.testing.MockServerPodLogPublisher} serves their logs.</li>
 * </ul>
 *
 * <p>Typical use in a {@code @QuarkusTest} with {@code @WithKubernetesTestServer(crud = true)}:
 * <pre>{@code
 * @KubernetesTestServer KubernetesServer server;
 * ...
 * simulator = new EnvbuilderKubeletSimulator(server.getClient(), new MockServerPodLogPublisher(server));
 * }</pre>
 */
package io.dcbuild.operator.testing;
