{{/*
Names and labels of every object the chart renders. The RBAC rules are in _rbac.tpl.
*/}}

{{/* The app's name: the chart's (the selector label app.kubernetes.io/name, fixed since the first release). */}}
{{- define "dcbuild.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the Deployment, ServiceAccount, ClusterRole, ClusterRoleBinding and of the Roles and RoleBindings
(some with a suffix): fullnameOverride, else the release name. Helm keeps release names to 53 characters, which
leaves room for the suffixes.
*/}}
{{- define "dcbuild.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* chart-version, as the label helm.sh/chart carries it. */}}
{{- define "dcbuild.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: the Deployment's selector (immutable: never add to these) and the metrics Service's. The same two
labels since the chart's first version, so that an upgrade keeps the Deployment.
*/}}
{{- define "dcbuild.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dcbuild.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of every object the chart renders. */}}
{{- define "dcbuild.labels" -}}
helm.sh/chart: {{ include "dcbuild.chart" . }}
{{ include "dcbuild.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The operator's image: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "dcbuild.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The metrics Service's name; the ServiceMonitor selects it by its labels. */}}
{{- define "dcbuild.metricsServiceName" -}}
{{- printf "%s-metrics" (include "dcbuild.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The git push receiver's Service name. */}}
{{- define "dcbuild.gitEventsServiceName" -}}
{{- printf "%s-git-events" (include "dcbuild.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The admission webhook's Service name (the self-signed certificate is for <this>.<namespace>.svc). */}}
{{- define "dcbuild.webhookServiceName" -}}
{{- printf "%s-webhook" (include "dcbuild.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Secret holding the webhook's serving certificate (self-signed: the operator writes it; cert-manager: it does). */}}
{{- define "dcbuild.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "dcbuild.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
