/**
 * How GitOps tools read the operator's objects: {@link io.dcbuild.operator.testing.gitops.Kstatus} (what kstatus, and
 * so Flux, computes, and the rules the status keeps), {@link io.dcbuild.operator.testing.gitops.ArgoCdHealthCheck}
 * (the Argo CD health checks of {@code deploy/argocd/} run with Lua 5.1 as Argo CD runs them), and
 * {@link io.dcbuild.operator.testing.gitops.StatusHistory} (every version of the objects a watch delivered).
 */
package io.dcbuild.operator.testing.gitops;
