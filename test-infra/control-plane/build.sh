#!/usr/bin/env bash
# Builds the upstream binaries that the tests and the sandbox run, from their Go modules, into a cache outside the
# repository. The versions are pinned in one place: the go.mod files beside this script (kubernetes/, etcd/,
# helm/) and ../envbuilder/go.mod. Idempotent: a binary already built from the pinned module version is not built
# again.
#
#   test-infra/control-plane/build.sh                    build what is missing, print where it is
#   test-infra/control-plane/build.sh --print            print the kubernetes binary directory and the helm binary,
#                                                        one a line (nothing is built)
#   test-infra/control-plane/build.sh --with-envbuilder  also build envbuilder
#   test-infra/control-plane/build.sh --envbuilder-only  build envbuilder alone (not the control plane; make test,
#                                                        make demo and make envbuilder run this)
#   test-infra/control-plane/build.sh --print-envbuilder print the envbuilder binary, one line (nothing is built;
#                                                        it may not exist yet)
#
# Layout (the one Fabric8 kube-api-test reads in offline mode, plus helm and envbuilder):
#   ${DCBUILD_CACHE:-~/.cache/dcbuild}/k8s/<k8s version>-linux-amd64/{etcd,kube-apiserver,kube-controller-manager,kubectl}
#   ${DCBUILD_CACHE:-~/.cache/dcbuild}/helm/<helm version>/helm
#   ${DCBUILD_CACHE:-~/.cache/dcbuild}/envbuilder/<envbuilder version>/envbuilder
# Each binary has a <binary>.module file beside it naming the module@version it was built from.
#
# This script only builds envbuilder; it never runs it (a real Envbuilder build unpacks an image into / and must
# only ever run inside a root of its own: the tests run it in a ThrowawayRoot, see README "The throwaway root").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${DCBUILD_CACHE:-$HOME/.cache/dcbuild}"

pinned() { # pinned <module dir> <module path>: the version its go.mod requires
  sed -n "s#^require $2 \(v[^ ]*\)\$#\1#p; s#^[[:space:]]*$2 \(v[^ ]*\)\$#\1#p" "$here/$1/go.mod" | head -n1
}

k8s_version="$(pinned kubernetes k8s.io/kubernetes)"
etcd_version="$(pinned etcd go.etcd.io/etcd/server/v3)"
helm_version="$(pinned helm helm.sh/helm/v4)"
envbuilder_version="$(pinned ../envbuilder github.com/coder/envbuilder)"
for v in "$k8s_version" "$etcd_version" "$helm_version" "$envbuilder_version"; do
  [[ -n "$v" ]] || { echo "cannot read a pinned version from the go.mod files in $here" >&2; exit 2; }
done
k8s_dir="$cache/k8s/${k8s_version#v}-linux-amd64"
helm_dir="$cache/helm/${helm_version#v}"
envbuilder_dir="$cache/envbuilder/${envbuilder_version#v}"

control_plane=1
envbuilder=0
case "${1:-}" in
  --print) # two lines, kubernetes directory then helm: the Makefile takes helm with tail -n1, UpstreamBinaries both
    echo "$k8s_dir"
    echo "$helm_dir/helm"
    exit 0 ;;
  --print-envbuilder)
    echo "$envbuilder_dir/envbuilder"
    exit 0 ;;
  --with-envbuilder) envbuilder=1 ;;
  --envbuilder-only) envbuilder=1 control_plane=0 ;;
  "") ;;
  *) echo "unknown option $1 (--print, --print-envbuilder, --with-envbuilder, --envbuilder-only)" >&2; exit 2 ;;
esac

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
  echo "building $name from $stamp (first time only; kube-apiserver, kube-controller-manager and envbuilder take several minutes each on 2 cores)..."
  local t0=$SECONDS
  (cd "$here/$module" && CGO_ENABLED=0 go build -trimpath -o "$out/$name.tmp" "$@" "$package")
  mv "$out/$name.tmp" "$out/$name"
  echo "$stamp" > "$out/$name.module"
  echo "  $name: $(du -m "$out/$name" | cut -f1) MB in $((SECONDS - t0)) s"
  built=$((built + 1))
}

command -v go >/dev/null || { echo "go is needed to build the upstream binaries (Go 1.25 or newer)" >&2; exit 2; }
if (( control_plane )); then
  k8s_flags=(-tags selinux,notest -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$k8s_version")
  for name in kube-apiserver kube-controller-manager kubectl; do
    build kubernetes "$k8s_dir" "$name" "k8s.io/kubernetes@$k8s_version" "k8s.io/kubernetes/cmd/$name" "${k8s_flags[@]}"
  done
  build etcd "$k8s_dir" etcd "go.etcd.io/etcd/server/v3@$etcd_version" go.etcd.io/etcd/server/v3 -ldflags "-s -w"
  build helm "$helm_dir" helm "helm.sh/helm/v4@$helm_version" helm.sh/helm/v4/cmd/helm \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$helm_version"
fi

# module directives <go.mod>: its replace and exclude directives, one a line, comments and spacing dropped
module_directives() {
  awk '{ sub(/\/\/.*/, ""); gsub(/[[:space:]]+/, " "); sub(/^ /, ""); sub(/ $/, "") }
       $0 == "" { next }
       block != "" && $0 == ")" { block = ""; next }
       block != "" { print block " " $0; next }
       /^(replace|exclude) \($/ { block = $1; next }
       /^(replace|exclude) / { print }' "$1" | sort
}

# module requires <go.mod>: "<module> <version>" for each module it requires, sorted
module_requires() {
  awk '{ sub(/\/\/.*/, "") }
       block && $1 == ")" { block = 0; next }
       block && NF >= 2 { print $1, $2; next }
       $1 == "require" && $2 == "(" { block = 1; next }
       $1 == "require" && NF >= 3 { print $2, $3 }' "$1" | sort -u
}

# Envbuilder's go.mod replaces kaniko and tailscale by coder's forks and excludes two netlink versions. Those apply
# only in the main module, so ../envbuilder/go.mod carries copies: refuse to build when they differ from the pinned
# release's (after a version bump that forgot them, say), or when a module both go.mod files require is at another
# version here (then the binary would not be the release's).
check_envbuilder_module() {
  local upstream ours="$here/../envbuilder/go.mod" differ
  upstream="$(cd "$here/../envbuilder" && go mod download -json "github.com/coder/envbuilder@$envbuilder_version" |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$upstream" ]] || { echo "cannot find the go.mod of github.com/coder/envbuilder@$envbuilder_version" >&2; exit 2; }
  if ! diff <(module_directives "$upstream") <(module_directives "$ours") >&2; then
    echo "the replace/exclude lines of test-infra/envbuilder/go.mod differ from those of" \
      "github.com/coder/envbuilder@$envbuilder_version (< upstream, > ours): copy them" >&2
    exit 2
  fi
  differ="$(join <(module_requires "$upstream") <(module_requires "$ours") | awk '$2 != $3')"
  if [[ -n "$differ" ]]; then
    echo "test-infra/envbuilder/go.mod requires other versions than github.com/coder/envbuilder@$envbuilder_version" \
      "(module, upstream, ours):" >&2
    echo "$differ" >&2
    exit 2
  fi
}

if (( envbuilder )); then
  if [[ ! -x "$envbuilder_dir/envbuilder" ||
        "$(cat "$envbuilder_dir/envbuilder.module" 2>/dev/null)" != "github.com/coder/envbuilder@$envbuilder_version" ]]; then
    check_envbuilder_module
  fi
  # As envbuilder's scripts/build.sh: CGO_ENABLED=0, the release tag without its v in buildinfo.tag (it then reports
  # v1.3.0), no tags, not stripped; -trimpath as for the other binaries.
  build ../envbuilder "$envbuilder_dir" envbuilder "github.com/coder/envbuilder@$envbuilder_version" \
    github.com/coder/envbuilder/cmd/envbuilder \
    -ldflags "-X github.com/coder/envbuilder/buildinfo.tag=${envbuilder_version#v}"
fi

if (( built > 0 )); then
  where=()
  if (( control_plane )); then where+=("$k8s_dir" "$helm_dir"); fi
  if (( envbuilder )); then where+=("$envbuilder_dir/envbuilder"); fi
  echo "upstream binaries built in $((SECONDS - started)) s: $(IFS=,; echo "${where[*]}" | sed 's/,/, /g')"
fi
