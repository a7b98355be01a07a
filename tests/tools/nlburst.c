// SPDX-License-Identifier: GPL-2.0
/*
 * nlburst: make the module send a burst of "config" notifications, more
 * than a listener's socket buffer holds, for the overflow test of
 * tests/vm/guest-agent.sh: grant COUNT approvals (references
 * PREFIX-0 ... PREFIX-COUNT-1) in TENANT, then, unless --keep, revoke
 * them all: 2 x COUNT notifications, as fast as the kernel answers.
 *
 * usage: nlburst TENANT COUNT PREFIX [--keep]
 * Exit: 0 done, 1 a request failed (message on stderr), 2 usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnl.h"

int main(int argc, char **argv)
{
	struct hgl_approval req, out;
	unsigned long i, count;
	struct hgl_nl *h;
	bool keep;
	char *end;
	int ret;

	if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "--keep")))
		goto usage;
	count = strtoul(argv[2], &end, 10);
	if (*end || !count || count > 100000)
		goto usage;
	keep = argc == 5;
	ret = hgl_nl_open(&h);
	if (ret) {
		fprintf(stderr, "nlburst: %s\n", hgl_nl_error(h));
		hgl_nl_close(h);
		return 1;
	}
	for (i = 0; i < count && !ret; i++) {
		memset(&req, 0, sizeof(req));
		snprintf(req.ref, sizeof(req.ref), "%s-%lu", argv[3], i);
		ret = hgl_nl_approval_set(h, argv[1], &req, false, &out);
	}
	for (i = 0; i < count && !ret && !keep; i++) {
		snprintf(req.ref, sizeof(req.ref), "%s-%lu", argv[3], i);
		ret = hgl_nl_approval_del(h, argv[1], req.ref, &out);
	}
	if (ret)
		fprintf(stderr, "nlburst: after %lu requests: %s\n", i,
			hgl_nl_error(h));
	else
		printf("nlburst: %lu granted%s in %s\n", count,
		       keep ? "" : " and revoked", argv[1]);
	hgl_nl_close(h);
	return ret ? 1 : 0;
usage:
	fprintf(stderr, "usage: nlburst TENANT COUNT PREFIX [--keep]\n");
	return 2;
}
