// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: send one hashguard command carrying one attribute and print
 * what the kernel answered, as hashguardctl would.  The VM tests use it to
 * check that the kernel rejects bad requests with an extended-ack message.
 *
 * usage: nlprobe CMD ATTR_TYPE [PAYLOAD_BYTES]
 * Exit: 0 accepted, 1 rejected (message on stderr), 2 usage.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hgnl.h"

int main(int argc, char **argv)
{
	static const unsigned char zeros[64];
	unsigned long cmd, type, len = 4;
	struct hgl_nl *h;
	char *end;
	int ret;

	if (argc < 3 || argc > 4)
		goto usage;
	cmd = strtoul(argv[1], &end, 0);
	if (*end || cmd > 255)
		goto usage;
	type = strtoul(argv[2], &end, 0);
	if (*end || type > 0x7fff)
		goto usage;
	if (argc == 4) {
		len = strtoul(argv[3], &end, 0);
		if (*end || len > sizeof(zeros))
			goto usage;
	}
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_send_attr(h, cmd, type, zeros, len);
	if (ret)
		fprintf(stderr, "nlprobe: %s\n", hgl_nl_error(h));
	else
		printf("nlprobe: accepted\n");
	hgl_nl_close(h);
	return ret ? 1 : 0;
usage:
	fprintf(stderr, "usage: nlprobe CMD ATTR_TYPE [PAYLOAD_BYTES<=64]\n");
	return 2;
}
