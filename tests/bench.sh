#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: benchmarks, each printing a table.  Costs are counted in
# instructions under valgrind --tool=callgrind, which repeats exactly on a
# noisy machine; nothing here asserts a time.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
make -C tests/decode bench
