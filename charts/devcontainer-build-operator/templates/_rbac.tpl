{{/*
The operator's rights, each rule with the code that needs it (the README's "What the operator may do (RBAC)" has
the same list). deploy/manifests/operator.yaml is the default rendering of these rules, the Kustomize overlay
deploy/namespaced/ the one with watchNamespaces: [team-a, team-b]; InstallationTest keeps them equal.
*/}}

{{/* Cluster-scoped reads (and the policies' status): one ClusterRole in either install mode. */}}
{{- define "dcbuild.rbac.clusterScopedRules" -}}
# Policies: the policy controller's informer, and the build controller's (PolicyDirectory: which policies govern a
# namespace; a policy change re-evaluates the builds at once). Policies are cluster-scoped.
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuildpolicies"]
  verbs: ["list", "watch"]
# DevContainerBuildPolicyReconciler writes a policy's status by server-side apply (patch): the namespaces it
# selects, the builds it governs, the retention report. Never its spec or metadata.
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuildpolicies/status"]
  verbs: ["patch"]
# Policies select namespaces by label: the build controller's namespace informer keeps the labels (PolicyDirectory;
# a label change re-evaluates that namespace's builds), DevContainerBuildPolicyReconciler lists them for its report.
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["list", "watch"]
{{- if .Values.clusterProxy.enabled }}
# The OpenShift cluster proxy (ClusterProxyWatch, where the API server serves config.openshift.io/v1 proxies): an
# informer on the one object cluster (list and watch with fieldSelector metadata.name=cluster, which resourceNames
# requires); its status is the proxy of builds whose policies set none. Off: dcbuild.cluster-proxy.enabled=false.
- apiGroups: ["config.openshift.io"]
  resources: ["proxies"]
  resourceNames: ["cluster"]
  verbs: ["list", "watch"]
{{- end }}
{{- end }}

{{/*
Rights on namespaced objects: granted cluster-wide by the ClusterRole (watchNamespaces empty), else by a Role in each
watched namespace.
*/}}
{{- define "dcbuild.rbac.namespacedRules" -}}
# Builds: the build controller's informer (list, watch); RunRecordRetention lists a run's namespace for a build
# still following it; the policy controller lists them (the builds it governs, the marks of cache retention). Never
# written but for their status (no finalizer: owner references let the garbage collector clean up).
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuilds"]
  verbs: ["list", "watch"]
# DevContainerBuildReconciler writes a build's status by server-side apply (patch).
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuilds/status"]
  verbs: ["patch"]
# Runs, one per cache key and namespace: RunFollower creates the run of a build's key (get after a 409: another
# build was first); the informers of both controllers (list, watch); DevContainerBuildRunReconciler reads a run
# again after a conflict (get); RunRecordRetention deletes a finished run no build follows; RunFollower annotates
# (patch) dcbuild.io/source-moved on a run whose ref moved while its pods cloned it.
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuildruns"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# DevContainerBuildRunReconciler writes a run's status with its resourceVersion (update), so a stale view of a run
# can never write it.
- apiGroups: ["dcbuild.io"]
  resources: ["devcontainerbuildruns/status"]
  verbs: ["update"]
# Probe, builder and verify pods, written only by DevContainerBuildRunReconciler, the run that controls them:
# its informer selects them by label (RBAC cannot require the selector: the grant covers every pod in its
# scope); created; deleted once the run recorded what they found. Never updated.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch", "create", "delete"]
# PodLogs: a probe prints the cached image's digest, a failed build its error (the run controller and RunFollower
# read the end of the log).
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
# Reads the git and registry credential Secrets that builds name (BuildSecretsReader through NamedSecretWatches: a
# list and watch restricted to that one name by fieldSelector metadata.name, which RBAC cannot require, or a get
# beyond dcbuild.secrets.max-watches), the derived Secret before writing it (get), the registry Secrets of the
# builds retention sweeps for (PolicyRetentionRun, get) and, in the cluster-wide install, the Secrets policies
# name (PolicyMaterialReader, get).
- apiGroups: [""]
  resources: ["secrets"]
{{- if .Values.watchNamedSecrets }}
  verbs: ["get", "list", "watch"]
{{- else }}
  verbs: ["get"]
{{- end }}
# Writes one Secret only, the derived <build>-registry-config (RegistryConfigSecret through DerivedObjectWriter):
# created when absent, updated with its resourceVersion when it changed, never one it did not derive. Never
# deleted (the garbage collector does, by owner reference). RBAC cannot restrict create to these names.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["create", "update"]
# Reads the derived ConfigMap before writing it (DerivedObjectWriter) and, in the cluster-wide install, the CA
# bundle a policy names (PolicyMaterialReader).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get"]
# Writes one ConfigMap only, the derived <build>-ca-bundle, a copy of the policy's CA bundle in the build's
# namespace (CaBundleConfigMap through DerivedObjectWriter); never deleted (garbage collector).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["create", "update"]
# KubernetesEvents: Events about builds (run started, cache hit, building, built, failed, refused by a policy),
# aggregated as kubectl expects: one Event per build and reason, a repeat read and patched (count, lastTimestamp).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch"]
{{- end }}

{{/* The namespaces watched, without repeats; empty: every namespace. */}}
{{- define "dcbuild.watchNamespaces" -}}
{{- join "," (uniq .Values.watchNamespaces) }}
{{- end }}
