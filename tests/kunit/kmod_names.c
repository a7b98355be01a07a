// SPDX-License-Identifier: GPL-2.0
/* The shared names (kmod/names/), compiled into the test module. */
#include "../../kmod/names/names.c"
