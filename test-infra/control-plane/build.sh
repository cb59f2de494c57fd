#!/usr/bin/env bash
# Builds the upstream binaries that the tests and the sandbox run, from their Go modules, into a cache outside the
# repository. The versions are pinned in one place: the go.mod files beside this script (kubernetes/, etcd/,
# helm/). Idempotent: a binary already built from the pinned module version is not built again.
#
#   test-infra/control-plane/build.sh          build what is missing, print where it is
#   test-infra/control-plane/build.sh --print  print the kubernetes binary directory and the helm binary, one a
#                                              line (nothing is built)
#
# Layout (the one Fabric8 kube-api-test reads in offline mode, plus helm):
#   ${DCBUILD_CACHE:-~/.cache/dcbuild}/k8s/<k8s version>-linux-amd64/{etcd,kube-apiserver,kube-controller-manager,kubectl}
#   ${DCBUILD_CACHE:-~/.cache/dcbuild}/helm/<helm version>/helm
# Each binary has a <binary>.module file beside it naming the module@version it was built from.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${DCBUILD_CACHE:-$HOME/.cache/dcbuild}"

pinned() { # pinned <module dir> <module path>: the version its go.mod requires
  sed -n "s#^require $2 \(v[^ ]*\)\$#\1#p; s#^[[:space:]]*$2 \(v[^ ]*\)\$#\1#p" "$here/$1/go.mod" | head -n1
}

k8s_version="$(pinned kubernetes k8s.io/kubernetes)"
etcd_version="$(pinned etcd go.etcd.io/etcd/server/v3)"
helm_version="$(pinned helm helm.sh/helm/v4)"
for v in "$k8s_version" "$etcd_version" "$helm_version"; do
  [[ -n "$v" ]] || { echo "cannot read a pinned version from the go.mod files in $here" >&2; exit 2; }
done
k8s_dir="$cache/k8s/${k8s_version#v}-linux-amd64"
helm_dir="$cache/helm/${helm_version#v}"

if [[ "${1:-}" == "--print" ]]; then
  echo "$k8s_dir"
  echo "$helm_dir/helm"
  exit 0
fi

built=0
started=$SECONDS
# build <module dir> <output dir> <binary name> <module@version stamp> <package> [extra go build args...]
build() {
  local module="$1" out="$2" name="$3" stamp="$4" package="$5"
  shift 5
  if [[ -x "$out/$name" && "$(cat "$out/$name.module" 2>/dev/null)" == "$stamp" ]]; then
    return 0
  fi
  mkdir -p "$out"
  echo "building $name from $stamp (first time only; kube-apiserver and kube-controller-manager take several minutes each on 2 cores)..."
  local t0=$SECONDS
  (cd "$here/$module" && CGO_ENABLED=0 go build -trimpath -o "$out/$name.tmp" "$@" "$package")
  mv "$out/$name.tmp" "$out/$name"
  echo "$stamp" > "$out/$name.module"
  echo "  $name: $(du -m "$out/$name" | cut -f1) MB in $((SECONDS - t0)) s"
  built=$((built + 1))
}

command -v go >/dev/null || { echo "go is needed to build the control plane (Go 1.25 or newer)" >&2; exit 2; }
k8s_flags=(-tags selinux,notest -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$k8s_version")
for name in kube-apiserver kube-controller-manager kubectl; do
  build kubernetes "$k8s_dir" "$name" "k8s.io/kubernetes@$k8s_version" "k8s.io/kubernetes/cmd/$name" "${k8s_flags[@]}"
done
build etcd "$k8s_dir" etcd "go.etcd.io/etcd/server/v3@$etcd_version" go.etcd.io/etcd/server/v3 -ldflags "-s -w"
build helm "$helm_dir" helm "helm.sh/helm/v4@$helm_version" helm.sh/helm/v4/cmd/helm \
  -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$helm_version"

if (( built > 0 )); then
  echo "control plane binaries built in $((SECONDS - started)) s: $k8s_dir, $helm_dir"
fi
