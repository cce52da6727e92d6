#!/usr/bin/env bash
# nis on minikube, from nothing to a request through Kong (see k8s/README.md).
#
#   k8s/minikube-up.sh            # start or reuse the cluster, install or upgrade everything
#   MONITORING=false k8s/minikube-up.sh   # without Prometheus, Grafana, Loki and Fluent Bit
#
# Idempotent: run it again after a change to upgrade every release. Secrets are generated
# once per cluster and kept (the databases keep the passwords they were created with).
# Needs minikube, kubectl, helm and a minikube driver (Docker, Podman, KVM, ...), and the
# images built beforehand: ./mvnw -B -ntp package -DskipTests writes
# <module>/target/jib-image.tar for courses, students and initializer.
set -euo pipefail

cd "$(dirname "$0")/.."

PROFILE=${MINIKUBE_PROFILE:-nis}
NIS_NS=${NIS_NS:-nis}
KONG_NS=${KONG_NS:-kong}
MONITORING_NS=${MONITORING_NS:-monitoring}
MONITORING=${MONITORING:-true}
CPUS=${MINIKUBE_CPUS:-4}
MEMORY=${MINIKUBE_MEMORY:-8g}
TIMEOUT=${HELM_TIMEOUT:-10m}

# Chart versions of the dependencies (Bitnami: the last ones whose default image tags are in
# docker.io/bitnamilegacy, see k8s/values/mongodb.yaml).
MONGODB_CHART_VERSION=16.5.45
POSTGRESQL_CHART_VERSION=16.7.27
REDIS_CHART_VERSION=22.0.7
BITNAMI=oci://registry-1.docker.io/bitnamicharts

say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed (see k8s/README.md)" >&2; exit 1; }; }
# $1 random bytes as hex (2 * $1 characters: letters and digits only, safe in URLs)
random_secret() { od -An -tx1 -N "${1:-16}" /dev/urandom | tr -d ' \n'; }
namespace() { kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null; }
has_secret() { kubectl -n "$1" get secret "$2" >/dev/null 2>&1; }

need minikube
need kubectl
need helm
need curl

for module in initializer courses students; do
  if [ ! -f "$module/target/jib-image.tar" ]; then
    echo "$module/target/jib-image.tar is missing: build the images first (./mvnw -B -ntp package -DskipTests)" >&2
    exit 1
  fi
done

say "cluster (minikube profile $PROFILE)"
if ! minikube -p "$PROFILE" status >/dev/null 2>&1; then
  # Calico enforces the chart's NetworkPolicies (minikube's default CNI ignores them).
  minikube start -p "$PROFILE" --cpus="$CPUS" --memory="$MEMORY" --cni=calico
fi
kubectl config use-context "$PROFILE" >/dev/null

say "images"
for module in initializer courses students; do
  echo "loading $module/target/jib-image.tar"
  minikube -p "$PROFILE" image load "$module/target/jib-image.tar"
done

say "namespaces and secrets"
for ns in "$NIS_NS" "$KONG_NS" "$MONITORING_NS"; do namespace "$ns"; done
if ! has_secret "$NIS_NS" nis-credentials; then
  # one Secret for the Bitnami releases and the nis chart, under the keys the Bitnami charts read
  kubectl -n "$NIS_NS" create secret generic nis-credentials \
    --from-literal=password="$(random_secret)" \
    --from-literal=postgres-password="$(random_secret)" \
    --from-literal=mongodb-passwords="$(random_secret)" \
    --from-literal=mongodb-root-password="$(random_secret)" \
    --from-literal=redis-password="$(random_secret)"
fi
if ! has_secret "$NIS_NS" nis-api-key; then
  kubectl -n "$NIS_NS" create secret generic nis-api-key --from-literal=key="$(random_secret 20)"
fi
# Kong's controller takes a Secret as a key-auth credential by this label
kubectl -n "$NIS_NS" label secret nis-api-key konghq.com/credential=key-auth --overwrite >/dev/null
if [ "$MONITORING" = true ] && ! has_secret "$MONITORING_NS" grafana-admin; then
  kubectl -n "$MONITORING_NS" create secret generic grafana-admin \
    --from-literal=admin-user=admin --from-literal=admin-password="$(random_secret 12)"
fi

say "chart repositories"
helm repo add kong https://charts.konghq.com --force-update >/dev/null
helm repo add nats https://nats-io.github.io/k8s/helm/charts/ --force-update >/dev/null
if [ "$MONITORING" = true ]; then
  helm repo add prometheus-community https://prometheus-community.github.io/helm-charts --force-update >/dev/null
  helm repo add grafana https://grafana.github.io/helm-charts --force-update >/dev/null
  helm repo add fluent https://fluent.github.io/helm-charts --force-update >/dev/null
fi
helm repo update >/dev/null

say "Kong (namespace $KONG_NS)"
helm upgrade --install kong kong/kong -n "$KONG_NS" -f k8s/values/kong.yaml --wait --timeout "$TIMEOUT"

say "NATS, MongoDB, PostgreSQL, Redis (namespace $NIS_NS)"
helm upgrade --install nats nats/nats -n "$NIS_NS" -f k8s/values/nats.yaml --wait --timeout "$TIMEOUT"
helm upgrade --install mongodb "$BITNAMI/mongodb" --version "$MONGODB_CHART_VERSION" \
  -n "$NIS_NS" -f k8s/values/mongodb.yaml --wait --timeout "$TIMEOUT"
helm upgrade --install postgresql "$BITNAMI/postgresql" --version "$POSTGRESQL_CHART_VERSION" \
  -n "$NIS_NS" -f k8s/values/postgresql.yaml --wait --timeout "$TIMEOUT"
helm upgrade --install redis "$BITNAMI/redis" --version "$REDIS_CHART_VERSION" \
  -n "$NIS_NS" -f k8s/values/redis.yaml --wait --timeout "$TIMEOUT"

if [ "$MONITORING" = true ]; then
  say "Prometheus, Loki, Grafana, Fluent Bit (namespace $MONITORING_NS)"
  helm upgrade --install prometheus prometheus-community/prometheus -n "$MONITORING_NS" \
    -f k8s/values/prometheus.yaml --wait --timeout "$TIMEOUT"
  helm upgrade --install loki grafana/loki -n "$MONITORING_NS" \
    -f k8s/values/loki.yaml --wait --timeout "$TIMEOUT"
  helm upgrade --install grafana grafana/grafana -n "$MONITORING_NS" \
    -f k8s/values/grafana.yaml --wait --timeout "$TIMEOUT"
  helm upgrade --install fluent-bit fluent/fluent-bit -n "$MONITORING_NS" \
    -f k8s/values/fluent-bit.yaml --wait --timeout "$TIMEOUT"
fi

say "nis (namespace $NIS_NS)"
# the initializer runs first (pre-install/pre-upgrade hook), then the services roll out
helm upgrade --install nis k8s/chart/nis -n "$NIS_NS" \
  --set credentials.existingSecret=nis-credentials \
  --set kong.consumer.existingSecret=nis-api-key \
  --set networkPolicy.kong.namespace="$KONG_NS" \
  --set networkPolicy.prometheus.namespace="$MONITORING_NS" \
  --set tracing.enabled="$MONITORING" --set tracing.jaeger.enabled="$MONITORING" \
  --wait --timeout "$TIMEOUT"

say "a request through Kong"
proxy=$(kubectl -n "$KONG_NS" get service -l app.kubernetes.io/instance=kong -o name | grep -- '-proxy$' | head -n 1)
key=$(kubectl -n "$NIS_NS" get secret nis-api-key -o jsonpath='{.data.key}' | base64 -d)
kubectl -n "$KONG_NS" port-forward "$proxy" 18000:80 >/dev/null 2>&1 &
forward=$!
trap 'kill $forward 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
  if curl -s -o /dev/null http://127.0.0.1:18000/; then break; fi
  sleep 1
done
echo "without the key: HTTP $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18000/api/courses)"
echo "with the key:"
# Kong applies the new routes a few seconds after the Ingress appears
for _ in $(seq 1 30); do
  if curl -fsS -H "apikey: $key" 'http://127.0.0.1:18000/api/courses?limit=10'; then echo; break; fi
  sleep 2
done

cat <<EOF

nis is up. To call it yourself:
  export NIS_API_KEY=\$(kubectl -n $NIS_NS get secret nis-api-key -o jsonpath='{.data.key}' | base64 -d)
  kubectl -n $KONG_NS port-forward ${proxy} 8000:80 &
  curl -H "apikey: \$NIS_API_KEY" localhost:8000/api/courses
EOF
if [ "$MONITORING" = true ]; then
  cat <<EOF
Grafana (dashboard "nis overview"; user admin, password from Secret $MONITORING_NS/grafana-admin):
  kubectl -n $MONITORING_NS port-forward svc/grafana 3000:80
EOF
fi
