# SPDX-License-Identifier: GPL-2.0
#
# hashguard: the kernel module (kmod/), the tools (userspace/) and the
# tests (tests/).
#
#   make            build kmod/hashguard.ko, userspace/hashguardctl and
#                   userspace/hashguardd
#   make run        load the module and show it working (in a VM when the
#                   running kernel cannot load it)
#   make check      every test; ends with "N passed, N failed"
#   make lint       checkpatch --strict, W=1 + sparse, userspace warnings
#   make bench      benchmarks, as a table of ratios
#
# KDIR is the kernel build tree to build the module against: by default
# the running kernel's, else the newest one installed under /lib/modules.

RUNNING_KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(origin KDIR),undefined)
  ifneq ($(wildcard $(RUNNING_KDIR)/Makefile),)
    KDIR := $(RUNNING_KDIR)
    KDIR_WHY := the running kernel
  else
    KDIR := $(lastword $(shell ls -d /lib/modules/*/build 2>/dev/null | sort -V))
    KDIR_WHY := newest installed, the running kernel has no build tree
  endif
else
  KDIR_WHY := set by the caller
endif

all: module userspace

# Install missing Debian packages (as root); a no-op when all are there.
deps:
	@tests/deps.sh

module:
	@test -n "$(KDIR)" -a -f "$(KDIR)/Makefile" || { \
		echo "hashguard: no kernel build tree: apt-get install linux-headers-amd64, or set KDIR" >&2; exit 1; }
	@echo "hashguard: building the module against KDIR=$(KDIR) ($(KDIR_WHY))"
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

userspace:
	$(MAKE) -C userspace

run: deps all
	$(MAKE) -C tests/workloads
	@KDIR="$(KDIR)" tests/run-demo.sh

check: deps
	@tests/run.sh

lint: deps
	@tests/lint.sh

bench: deps
	@tests/bench.sh

clean:
	-test -z "$(KDIR)" || $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/decode clean
	$(MAKE) -C tests/workloads clean
	rm -rf build

.PHONY: deps all module userspace run check lint bench clean
