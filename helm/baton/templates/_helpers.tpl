{{/*
Names and labels shared by every template.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "baton.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, else <release>-<chart>, else the release
name alone when it already contains the chart name. At most 63 characters (DNS label); the
StatefulSet's pods append "-<ordinal>", so names are cut at 52 to leave room for it and for
the "-headless" suffix.
*/}}
{{- define "baton.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart label: name-version, "+" is not allowed in label values. */}}
{{- define "baton.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels that select Baton's pods; never change them after install (immutable selector). */}}
{{- define "baton.selectorLabels" -}}
app.kubernetes.io/name: {{ include "baton.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The standard labels of every resource. */}}
{{- define "baton.labels" -}}
helm.sh/chart: {{ include "baton.chart" . }}
{{ include "baton.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: baton
{{- end }}

{{/* The broker pods' component label (the cluster mode may add other components). */}}
{{- define "baton.componentLabels" -}}
app.kubernetes.io/component: broker
{{- end }}

{{- define "baton.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "baton.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag or repository@digest. */}}
{{- define "baton.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding the tasklist's TOML file, and its key. */}}
{{- define "baton.tasklistSecretName" -}}
{{- default (printf "%s-tasklist" (include "baton.fullname" .)) .Values.tasklist.existingSecret }}
{{- end }}

{{- define "baton.tasklistSecretKey" -}}
{{- if .Values.tasklist.existingSecret }}
{{- .Values.tasklist.existingSecretKey }}
{{- else -}}
tasklist.toml
{{- end }}
{{- end }}

{{/*
One TOML value from a Helm value: strings as TOML basic strings (JSON string escapes are valid
TOML escapes), booleans as true/false, numbers as integers (Baton's numeric settings are all
integers; YAML numbers reach templates as float64), lists of those as arrays.
*/}}
{{- define "baton.tomlValue" -}}
{{- $v := . }}
{{- if kindIs "string" $v }}
{{- toJson $v }}
{{- else if kindIs "bool" $v }}
{{- ternary "true" "false" $v }}
{{- else if or (kindIs "float64" $v) (kindIs "int" $v) (kindIs "int64" $v) }}
{{- if ne (float64 $v) (float64 (int64 $v)) }}
{{- fail (printf "baton.toml: %v is not a whole number; Baton's numeric settings are integers" $v) }}
{{- end }}
{{- int64 $v }}
{{- else if kindIs "slice" $v }}
{{- $items := list }}
{{- range $v }}
{{- $items = append $items (include "baton.tomlValue" .) }}
{{- end }}
{{- printf "[%s]" (join ", " $items) }}
{{- else }}
{{- fail (printf "baton.toml: cannot write %v (a %s) as a TOML value; use a string, number, boolean or list" $v (kindOf $v)) }}
{{- end }}
{{- end }}

{{/* A TOML key: bare when it is letters, digits, "_" and "-", else quoted. */}}
{{- define "baton.tomlKey" -}}
{{- if regexMatch "^[A-Za-z0-9_-]+$" . }}
{{- . }}
{{- else }}
{{- toJson . }}
{{- end }}
{{- end }}

{{/* Kafka bootstrap servers: a list or a comma-separated string, as "host:port,host:port". */}}
{{- define "baton.kafkaServers" -}}
{{- if kindIs "slice" . }}{{ join "," . }}{{ else }}{{ . }}{{ end }}
{{- end }}

{{/* The Secret and key holding the Kafka SASL password (none when there is no password). */}}
{{- define "baton.kafkaPasswordSecretName" -}}
{{- default (printf "%s-kafka" (include "baton.fullname" .)) .Values.kafka.sasl.existingSecret }}
{{- end }}

{{- define "baton.kafkaPasswordSecretKey" -}}
{{- if .Values.kafka.sasl.existingSecret }}
{{- .Values.kafka.sasl.existingSecretKey }}
{{- else -}}
sasl-password
{{- end }}
{{- end }}

{{/*
Exporter values that only make sense together; fails with the field's name, like baton run
would at start (gateway/config.py), but at install time.
*/}}
{{- define "baton.checkExporters" -}}
{{- $r := .Values.readModel }}
{{- if regexMatch "^[A-Za-z0-9+.-]+://[^/@]*:[^/@]*@" $r.url }}
{{- fail "readModel.url holds a password: put the whole URL in a Secret and name it in readModel.existingSecret (it is given to Baton as BATON_READ_MODEL_URL, never written into the ConfigMap)" }}
{{- end }}
{{- if and $r.existingSecret $r.url }}
{{- fail "readModel.url and readModel.existingSecret are both set: use one" }}
{{- end }}
{{- $k := .Values.kafka }}
{{- if $k.enabled }}
{{- if not (include "baton.kafkaServers" $k.bootstrapServers) }}
{{- fail "kafka.enabled needs kafka.bootstrapServers (host:port, several separated by commas)" }}
{{- end }}
{{- $sasl := hasPrefix "SASL_" $k.securityProtocol }}
{{- $tls := has $k.securityProtocol (list "SSL" "SASL_SSL") }}
{{- if $sasl }}
{{- if not (and $k.sasl.mechanism $k.sasl.username (or $k.sasl.password $k.sasl.existingSecret)) }}
{{- fail (printf "kafka.securityProtocol %s needs kafka.sasl.mechanism, kafka.sasl.username and kafka.sasl.password (or kafka.sasl.existingSecret)" $k.securityProtocol) }}
{{- end }}
{{- else if or $k.sasl.mechanism $k.sasl.password $k.sasl.existingSecret }}
{{- fail (printf "kafka.sasl is set, but kafka.securityProtocol %s uses no SASL (SASL_PLAINTEXT or SASL_SSL)" $k.securityProtocol) }}
{{- end }}
{{- if and $k.tls.caSecret (not $tls) }}
{{- fail (printf "kafka.tls.caSecret is set, but kafka.securityProtocol %s uses no TLS (SSL or SASL_SSL)" $k.securityProtocol) }}
{{- end }}
{{- end }}
{{- end }}
