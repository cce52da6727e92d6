{{/*
Names. Each component's resources are named after the component (courses, students,
initializer), so that in-cluster addresses match docker compose and kong/kong.yml
(http://courses:8081, students:9092). namePrefix lets two releases share a namespace.
*/}}
{{- define "nis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "nis.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* nis.fullname (dict "root" $ "component" "courses") */}}
{{- define "nis.fullname" -}}
{{- printf "%s%s" .root.Values.namePrefix .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels every resource carries. */}}
{{- define "nis.labels" -}}
helm.sh/chart: {{ include "nis.chart" .root }}
{{ include "nis.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: nis
{{- end }}

{{/* Labels that select one component's pods. */}}
{{- define "nis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nis.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "nis.serviceAccountName" -}}
{{- include "nis.fullname" . }}
{{- end }}

{{/* registry/repository:tag of a component's image. */}}
{{- define "nis.image" -}}
{{- $img := index .root.Values .component "image" -}}
{{- $tag := default .root.Chart.AppVersion (default .root.Values.image.tag $img.tag) -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry $img.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $img.repository $tag -}}
{{- end -}}
{{- end }}

{{/* registry/repository:tag of a component's canary: its repository, canary.image.tag. */}}
{{- define "nis.canaryImage" -}}
{{- $values := index .root.Values .component -}}
{{- $tag := required (printf "%s.canary.image.tag is required when %s.canary.enabled is true" .component .component) $values.canary.image.tag -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry $values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $values.image.repository $tag -}}
{{- end -}}
{{- end }}

{{- define "nis.imagePullPolicy" -}}
{{- $img := index .root.Values .component "image" -}}
{{- default .root.Values.image.pullPolicy $img.pullPolicy -}}
{{- end }}

{{/* The Secret holding the database and cache passwords. */}}
{{- define "nis.credentialsSecret" -}}
{{- if .Values.credentials.existingSecret -}}
{{- .Values.credentials.existingSecret -}}
{{- else -}}
{{- printf "%scredentials" .Values.namePrefix -}}
{{- end -}}
{{- end }}

{{/* The Secret holding the Kong consumer's key-auth credential. */}}
{{- define "nis.apiKeySecret" -}}
{{- if .Values.kong.consumer.existingSecret -}}
{{- .Values.kong.consumer.existingSecret -}}
{{- else -}}
{{- printf "%s%s-key-auth" .Values.namePrefix .Values.kong.consumer.username -}}
{{- end -}}
{{- end }}

{{/* The KongPlugins every route carries, as the konghq.com/plugins annotation lists them. */}}
{{- define "nis.kongPlugins" -}}
{{- $plugins := list (include "nis.kongPluginName" (dict "root" . "plugin" "key-auth")) (include "nis.kongPluginName" (dict "root" . "plugin" "rate-limiting")) (include "nis.kongPluginName" (dict "root" . "plugin" "correlation-id")) -}}
{{- if .Values.kong.prometheus.enabled -}}
{{- $plugins = append $plugins (include "nis.kongPluginName" (dict "root" . "plugin" "prometheus")) -}}
{{- end -}}
{{- join "," $plugins -}}
{{- end }}

{{- define "nis.kongPluginName" -}}
{{- printf "%snis-%s" .root.Values.namePrefix .plugin -}}
{{- end }}

{{/* host:port of a component's gRPC Service, for the peer's *_GRPC_TARGET. */}}
{{- define "nis.grpcTarget" -}}
{{- printf "%s:%v" (include "nis.fullname" .) (index .root.Values .component "grpcPort") -}}
{{- end }}

{{/* The cluster-wide pod and container security contexts (non-root, read-only root fs). */}}
{{- define "nis.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "nis.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext }}
{{- end }}

{{/* REDIS_URL, with the password as a $(REDIS_PASSWORD) reference when auth is on. */}}
{{- define "nis.redisUrl" -}}
{{- if .Values.redis.auth -}}
{{- printf "redis://:$(REDIS_PASSWORD)@%s:%v" .Values.redis.host .Values.redis.port -}}
{{- else -}}
{{- printf "redis://%s:%v" .Values.redis.host .Values.redis.port -}}
{{- end -}}
{{- end }}

{{/*
MONGO_URI (RFC 3986 with the MongoDB driver's host list): every member of mongodb.hosts when
given (a replica set's), else host:port; replicaSet makes the driver follow the primary.
The password, when auth is on, as a $(MONGO_PASSWORD) reference.
*/}}
{{- define "nis.mongoUri" -}}
{{- $m := .Values.mongodb -}}
{{- $hosts := $m.hosts | default (list (printf "%s:%v" $m.host $m.port)) -}}
{{- $options := list -}}
{{- if $m.username -}}{{- $options = append $options (printf "authSource=%s" $m.authSource) -}}{{- end -}}
{{- if $m.replicaSet -}}{{- $options = append $options (printf "replicaSet=%s" $m.replicaSet) -}}{{- end -}}
{{- $credentials := "" -}}
{{- if $m.username -}}{{- $credentials = printf "%s:$(MONGO_PASSWORD)@" $m.username -}}{{- end -}}
{{- printf "mongodb://%s%s/%s" $credentials (join "," $hosts) $m.database -}}
{{- if $options -}}?{{ join "&" $options }}{{- end -}}
{{- end }}

{{/* Fails the render when neither a value nor an existing Secret provides a credential. */}}
{{- define "nis.requireCredentials" -}}
{{- if not .Values.credentials.existingSecret -}}
{{- if not .Values.credentials.postgresPassword -}}
{{- fail "credentials.postgresPassword is required unless credentials.existingSecret names a Secret" -}}
{{- end -}}
{{- if and .Values.mongodb.username (not .Values.credentials.mongoPassword) -}}
{{- fail "credentials.mongoPassword is required (mongodb.username is set) unless credentials.existingSecret names a Secret" -}}
{{- end -}}
{{- if and .Values.redis.auth (not .Values.credentials.redisPassword) -}}
{{- fail "credentials.redisPassword is required (redis.auth is true) unless credentials.existingSecret names a Secret" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* Where the services send their spans (OTLP over HTTP): tracing.otlpEndpoint, else the release's Jaeger. */}}
{{- define "nis.otlpEndpoint" -}}
{{- if .Values.tracing.otlpEndpoint }}
{{- .Values.tracing.otlpEndpoint }}
{{- else if .Values.tracing.jaeger.enabled }}
{{- printf "http://%sjaeger:4318" .Values.namePrefix }}
{{- else }}
{{- fail "tracing.enabled needs tracing.otlpEndpoint or tracing.jaeger.enabled" }}
{{- end }}
{{- end }}
