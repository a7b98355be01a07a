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
#   make deb        the Debian packages hashguard and hashguard-dkms, in
#                   build/deb/ (debian/make-deb.sh)
#   make check-packages
#                   install, use and purge those packages in a VM on the
#                   stock kernel (tests/vm/guest-deb.sh; about 13 minutes
#                   under TCG, so not part of make check yet)
#
# KDIR is the kernel build tree to build the module against: by default
# the running kernel's, else the newest one installed under /lib/modules.
# It is looked up (tests/kdir.sh) when a recipe needs it, after deps has
# installed the headers, never when make reads this file.

all: module userspace

# Install missing Debian packages (as root); a no-op when all are there.
deps:
	@tests/deps.sh

module: deps
	@kdir=$$(KDIR='$(KDIR)' tests/kdir.sh) && \
		$(MAKE) -C "$$kdir" M=$(CURDIR) modules

userspace: deps
	$(MAKE) -C userspace

run: all
	$(MAKE) -C tests/workloads
	@tests/run-demo.sh

check: deps
	@tests/run.sh

lint: deps
	@tests/lint.sh

bench: deps
	@tests/bench.sh

deb: deps
	@debian/make-deb.sh

check-packages: deb
	$(MAKE) -C tests/workloads
	@tests/vm/run-vm.sh --kernel stock --timeout 1800 \
		--out $(CURDIR)/build/check-packages -- \
		tests/vm/guest-deb.sh build/deb stock

clean:
	-@kdir=$$(KDIR='$(KDIR)' tests/kdir.sh 2>/dev/null) && \
		$(MAKE) -C "$$kdir" M=$(CURDIR) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/decode clean
	$(MAKE) -C tests/workloads clean
	rm -rf build

.PHONY: deps all module userspace run check lint bench deb check-packages clean
