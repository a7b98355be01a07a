/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardctl: the operator's command line.  One cmd_*() per subcommand;
 * each returns an exit status: 0 done, 1 failed (already reported),
 * 2 bad usage (already reported).
 */
#ifndef HG_CTL_H
#define HG_CTL_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "hgnl.h"

enum {
	CTL_OK = 0,
	CTL_FAIL = 1,
	CTL_USAGE = 2,
};

struct ctl {
	bool json;
};

struct ctl_cmd {
	const char *name;
	int (*fn)(struct ctl *c, int argc, char **argv);
	const char *args;
	const char *help;
};

int ctl_main(int argc, char **argv);
const struct ctl_cmd *ctl_find(const char *name);
void ctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ctl_usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ctl_print_json(FILE *f, json_t *obj);

int cmd_status(struct ctl *c, int argc, char **argv);
int cmd_inspect(struct ctl *c, int argc, char **argv);

json_t *status_to_json(const struct hg_status *st);
void status_print(FILE *f, const struct hg_status *st);

#endif /* HG_CTL_H */
