// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl: the operator's command line for hashguard.
 */

#include "ctl.h"

int main(int argc, char **argv)
{
	return ctl_main(argc, argv);
}
