# devcontainer-build-operator
# `make test` and `make demo` install what they need (Debian packages) when it is missing.

MVN ?= mvn -B
DEBIAN_PACKAGES := docker-registry tinyproxy
CRD_FILES := devcontainerbuilds.dcbuild.io-v1.yml
CHART_DIR := charts/devcontainer-build-operator

.PHONY: help deps build test demo crds run bench clean

help:
	@echo "make test    all tests (installs docker-registry and tinyproxy when missing)"
	@echo "make demo    the operator on the embedded sandbox: no cluster needed"
	@echo "make build   compile and package the operator (target/quarkus-app)"
	@echo "make crds    regenerate the CRDs from the Java API classes into deploy/crds and the chart"
	@echo "make run     run the operator against the cluster of the current kubeconfig"
	@echo "make bench   time cache retention over one repository of 10,000 cache tags (BENCH_ARGS)"

deps:
	@bash .ci/install-deps

build:
	$(MVN) package -DskipTests

test: deps
	$(MVN) test

demo: deps
	$(MVN) test -Pdemo

crds:
	$(MVN) -q package -DskipTests
	@for f in target/kubernetes/*.dcbuild.io-v1.yml; do \
	  cp "$$f" deploy/crds/; cp "$$f" $(CHART_DIR)/crds/; echo "copied $$f"; done

run: build
	kubectl apply -f deploy/crds/
	java -jar target/quarkus-app/quarkus-run.jar

# in a JVM of its own (exec:exec), so that heap figures are not Maven's.
# BENCH_ARGS: tags, delete limit (0 = none; an unlimited run of 10,000 takes tens of minutes), reads in flight
BENCH_ARGS ?= 10000 50 4
bench: deps
	$(MVN) -q test-compile
	$(MVN) -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
	  -Dexec.args="-Xmx512m -classpath %classpath io.dcbuild.operator.retention.RetentionBenchmark $(BENCH_ARGS)"

clean:
	$(MVN) -q clean
