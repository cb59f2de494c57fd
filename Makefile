# devcontainer-build-operator
# `make test` and `make demo` install what they need (Debian packages) when it is missing.

MVN ?= mvn -B
KUBECTL ?= kubectl
export KUBECTL
DEBIAN_PACKAGES := docker-registry tinyproxy
CRD_FILES := devcontainerbuilds.dcbuild.io-v1.yml devcontainerbuildpolicies.dcbuild.io-v1.yml \
  devcontainerbuildruns.dcbuild.io-v1.yml
CHART_DIR := charts/devcontainer-build-operator

.PHONY: help deps control-plane envbuilder build test demo crds run preflight image bench clean

help:
	@echo "make test    all tests (installs the Debian packages they need when missing, builds the control plane and Envbuilder;"
	@echo "            mvn verify: the *IT tests run after packaging)"
	@echo "make demo    the operator on the embedded sandbox: no cluster needed (KEEP=N keeps it up N seconds)"
	@echo "make control-plane  build etcd, kube-apiserver, kube-controller-manager, kubectl and helm from their"
	@echo "            Go modules into ~/.cache/dcbuild (first time: about 20 minutes on 2 cores; then nothing)"
	@echo "make envbuilder  build the real Envbuilder (v1.3.0) from its Go module into ~/.cache/dcbuild"
	@echo "            (first time: about 6 minutes on 2 cores; make test and make demo build it; the tests run it"
	@echo "            only in a throwaway root, never on /; DCBUILD_SANDBOX_ENVBUILDER=real|simulated|auto)"
	@echo "make build   compile and package the operator (target/quarkus-app)"
	@echo "make crds    regenerate the CRDs from the Java API classes into deploy/crds and the chart"
	@echo "make run     run the operator against the cluster of the current kubeconfig (checks first that it answers)"
	@echo "make preflight ARGS=\"--build B.yaml --policy P.yaml ...\""
	@echo "            check a build against policies without a cluster (ARGS=--help for the options)"
	@echo "make image   the operator's container image, built with Jib (no Docker) from target/quarkus-app, tagged with the"
	@echo "            pom's version: REGISTRY=host[:port][/path] pushes REGISTRY/devcontainer-build-operator:VERSION"
	@echo "            (credentials: the Docker config); without REGISTRY an OCI layout tarball under target/image/."
	@echo "            BASE_IMAGE: a JRE 17 image (default $(BASE_IMAGE)); pin it by digest, or name your mirror"
	@echo "            It runs as 65532:65532, serves port 8080; JVM options go into JAVA_TOOL_OPTIONS (README)"
	@echo "make bench   time cache retention over one repository of 10,000 cache tags (BENCH_ARGS), then the"
	@echo "            reconcile cost on the real control plane (BENCH_BUILDS identical builds), then the admission"
	@echo "            webhook's latency (BENCH_WEBHOOK_REQUESTS AdmissionReviews of a build 3 policies govern)"

deps:
	@bash .ci/install-deps

# Versions are pinned in test-infra/control-plane/*/go.mod; the script does nothing when the binaries are there.
control-plane:
	@bash test-infra/control-plane/build.sh

# The real Envbuilder binary (test-infra/envbuilder/README.md), run by the sandbox kubelet in a throwaway root.
envbuilder:
	@bash test-infra/control-plane/build.sh --envbuilder-only

build:
	$(MVN) package -DskipTests

# verify, not test: the tests named *IT run after package (maven-failsafe-plugin), on target/quarkus-app
test: deps control-plane envbuilder
	$$(bash test-infra/control-plane/build.sh --print | tail -n1) lint --strict $(CHART_DIR)
	$(MVN) verify

demo: deps control-plane envbuilder
	$(MVN) -q test -Pdemo -Dtest=SandboxDemo -Dquarkus.log.level=WARN -Ddemo.keepSeconds=$(or $(KEEP),0)

crds:
	$(MVN) -q package -DskipTests
	@for f in target/kubernetes/*.dcbuild.io-v1.yml; do \
	  cp "$$f" deploy/crds/; cp "$$f" $(CHART_DIR)/crds/; echo "copied $$f"; done

# First of all, whether the cluster answers (bin/require-cluster says in one sentence why not, and stops the run).
run:
	@bash bin/require-cluster
	@$(MAKE) --no-print-directory build
	$(KUBECTL) apply -f deploy/crds/
	java -jar target/quarkus-app/quarkus-run.jar

# The preflight command is a plain main class in the packaged app (bin/preflight puts the Quarkus fast-jar's
# libraries and the app jar on a classpath; Quarkus does not start). Packages first when the app is missing or
# older than the sources (Quarkus writes quarkus-run.jar on every package). make reports any failure as its own exit
# code 2: for 0/1/2 call bin/preflight.
PACKAGED_APP := target/quarkus-app/quarkus-run.jar

$(PACKAGED_APP): pom.xml $(shell find src/main -type f)
	$(MVN) -q package -DskipTests

preflight: $(PACKAGED_APP)
	@bin/preflight $(ARGS)

# The operator's image (README, "The operator's image"), built by a main class of the test sources
# (src/test/java/io/dcbuild/operator/image: build tooling, not part of the operator) with Jib Core; tagged with the
# version the packaged app carries (the pom's). REVISION: the commit, "-dirty" when tracked files changed;
# SOURCE_URL: the repository's URL for the source label (empty: no label).
BASE_IMAGE ?= eclipse-temurin:17-jre
REGISTRY ?=
REVISION ?= $(shell git describe --always --dirty --abbrev=40 --exclude='*' 2>/dev/null)
SOURCE_URL ?=
IMAGE_CLASSPATH := target/image-classpath.txt
image: $(PACKAGED_APP)
	$(MVN) -q test-compile dependency:build-classpath -Dmdep.outputFile=$(IMAGE_CLASSPATH)
	java -cp "target/test-classes:target/classes:$$(cat $(IMAGE_CLASSPATH))" \
	  io.dcbuild.operator.image.OperatorImageCommand --app target/quarkus-app --base-image '$(BASE_IMAGE)' \
	  $(if $(REGISTRY),--registry '$(REGISTRY)',--tar-dir target/image) --revision '$(REVISION)' \
	  --source '$(SOURCE_URL)'

# in a JVM of its own (exec:exec), so that heap figures are not Maven's.
# BENCH_ARGS: tags, delete limit (0 = none; an unlimited run of 10,000 takes tens of minutes), reads in flight
BENCH_ARGS ?= 10000 50 4
# Then the reconcile cost on the real control plane (ReconcileCostBench; JSON in target/bench/): BENCH_BUILDS
# identical builds at once (default 100); and BENCH_PENDING builds waiting when the operator starts (PendingBuildsBench,
# on a control plane of its own; default 1000).
# Then the admission webhook's answer time over HTTPS (WebhookLatencyBench; p50/p99/max, JSON in target/bench/):
# BENCH_WEBHOOK_REQUESTS AdmissionReviews of a build 3 policies govern (default 5000).
BENCH_BUILDS ?= 100
BENCH_PENDING ?= 1000
BENCH_WEBHOOK_REQUESTS ?= 5000
bench: deps control-plane
	$(MVN) -q test-compile
	$(MVN) -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
	  -Dexec.args="-Xmx512m -classpath %classpath io.dcbuild.operator.retention.RetentionBenchmark $(BENCH_ARGS)"
	$(MVN) -q test -Pbench -Dtest='ReconcileCostBench,PendingBuildsBench,WebhookLatencyBench' -Dquarkus.log.level=WARN \
	  -Dbench.identicalBuilds=$(BENCH_BUILDS) -Dbench.pendingBuilds=$(BENCH_PENDING) \
	  -Dbench.webhookRequests=$(BENCH_WEBHOOK_REQUESTS)

clean:
	$(MVN) -q clean
