# Stip — the two commands that matter: `make run` and `make test`.
SWIFT      ?= swift
DEV_CONFIG := etc/stipd.dev.yaml
BIN        := .build/debug
SOCKET     := $(CURDIR)/var/run/stipd.sock
PREFIX     ?= /usr/local

.PHONY: all deps build run test contract check-config format install bench drills clean

all: build

deps:
	@scripts/ensure-system-packages.sh
	@scripts/ensure-system-packages.sh --optional weasyprint poppler-utils

build: deps
	$(SWIFT) build

## Start stipd in the foreground with the development config (state under ./var/, demo workspace).
run: build
	@mkdir -p var/plugins
	@scripts/stage-plugins.sh dev var/plugins $(CURDIR)/$(BIN)
	@echo ""
	@echo "stipd is starting with $(DEV_CONFIG); state lives under ./var/, Ctrl-C stops it."
	@echo "Admin socket: $(SOCKET)"
	@echo ""
	@echo "Try in a second shell:"
	@echo "  $(BIN)/stipctl --socket $(SOCKET) workspace list"
	@echo "  $(BIN)/stipctl --socket $(SOCKET) get trajectory voorbeeldstad/herinrichting-stationsplein"
	@echo "  $(BIN)/stipctl --socket $(SOCKET) population show voorbeeldstad"
	@echo "  $(BIN)/stipctl --socket $(SOCKET) workspace create utrecht --name \"Gemeente Utrecht\" --cbs-code GM0344"
	@echo "  curl --unix-socket $(SOCKET) http://localhost/v1/health"
	@echo ""
	@exec $(BIN)/stipd --config $(DEV_CONFIG)

## Build everything (the end-to-end tests run the real binaries) and run every test. At most 12 tests run at
## once: each end-to-end test starts a daemon and plugin processes, and on two cores more at once only makes
## their deadlines race the scheduler.
test: deps
	$(SWIFT) build --build-tests
	STIP_BIN_DIR=$$($(SWIFT) build --show-bin-path) $(SWIFT) test --skip-build --experimental-maximum-parallelization-width 12
	$(MAKE) contract

## The OpenAPI documents held against a real stipd by schemathesis (installed from PyPI into .build-contract/).
## Deliberate exceptions, each with its reason: Tests/Contract/exceptions.toml.
contract: deps
	$(SWIFT) build
	tester=$$(scripts/ensure-contract-tester.sh) && $$(dirname $$tester)/python Tests/Contract/contract.py \
		--bin $$($(SWIFT) build --show-bin-path) --schemathesis $$tester

check-config: build
	$(BIN)/stipd --config etc/stipd.yaml --check

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

## Install release binaries and the example config (run as root).
install: deps
	$(SWIFT) build -c release
	install -D -m 0755 .build/release/stipd $(DESTDIR)$(PREFIX)/bin/stipd
	install -D -m 0755 .build/release/stipctl $(DESTDIR)$(PREFIX)/bin/stipctl
	install -D -m 0640 etc/stipd.yaml $(DESTDIR)/etc/stip/stipd.yaml
	install -D -m 0644 etc/systemd/stipd.service $(DESTDIR)/etc/systemd/system/stipd.service
	install -d -m 0755 $(DESTDIR)/usr/lib/stip/plugins
	scripts/stage-plugins.sh install $(DESTDIR)/usr/lib/stip/plugins .build/release

## Every benchmark in Benchmarks/ against its baseline from the same run (release build; figures in the output,
## described in Benchmarks/README.md), then the instructions per plugin call and per resident response against
## the figures recorded in Benchmarks/instructions.json.
bench: deps
	@scripts/ensure-system-packages.sh wrk valgrind
	$(SWIFT) build -c release
	.build/release/plugin-roundtrip .build/release/swift-suggestion-box
	.build/release/public-responses .build/release/stip-plugin-poll
	.build/release/hostile-load .build/release/stip-plugin-poll
	python3 Benchmarks/idle_tenants.py --bin .build/release
	.build/release/evaluation-cycle .build/release/stip-plugin-poll
	.build/release/report-rendering
	python3 Benchmarks/instructions.py --bin .build/release

## Reliability drills against release builds (Drills/README.md): SIGKILL under resident load and mid-cycle, plugin
## faults, a full disk, 342 workspaces, slow clients, fuzzing. About 10-15 minutes on 2 cores. One table at the end;
## exit status 1 when anything acknowledged was lost, duplicated or damaged, or a check failed.
## Pass options with DRILLS_ARGS, e.g. `make drills DRILLS_ARGS="--only disk-full,slow-clients"`.
drills:
	@scripts/ensure-system-packages.sh
	$(SWIFT) build -c release --product stipd
	$(SWIFT) build -c release --product stipctl
	$(SWIFT) build -c release --product stip-plugin-poll
	$(SWIFT) build -c release --product stip-plugin-workshop
	$(SWIFT) build -c release --product stip-plugin-neighbourhood-walk
	@if grep -q '"stip-fuzz"' Package.swift; then \
		echo "$(SWIFT) build -c release --product stip-fuzz"; \
		$(SWIFT) build -c release --product stip-fuzz; \
	else \
		echo "Package.swift has no stip-fuzz product yet: the fuzzing drill will report itself skipped"; \
	fi
	python3 Drills/run.py --bin .build/release $(DRILLS_ARGS)

clean:
	rm -rf .build var
