/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one layer of the hashguard tools that speaks netlink (libnl-genl-3):
 * typed calls in, plain structs out, errors turned into one message.
 *
 * Every call returns 0 or a negative errno; after an error,
 * hg_nl_error() gives a message for a person: the kernel's extended-ack
 * text as "kernel reports: ..." when it sent one, or a sentence naming
 * the usual causes (module not loaded, missing privilege).
 */
#ifndef HG_NL_H
#define HG_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/hashguard.h>

struct nlmsghdr;
struct hg_nl;

/**
 * struct hg_status - the reply to HASHGUARD_CMD_GET_STATUS
 * @version: module version
 * @genl_version: version of the netlink family
 * @uptime_ns: nanoseconds since the module loaded
 * @load_time: load time, seconds since the epoch
 * @counters: counter values, indexed by enum hashguard_counter
 * @have: which @counters the module sent (bit n for counter n)
 */
struct hg_status {
	char version[32];
	unsigned int genl_version;
	uint64_t uptime_ns;
	uint64_t load_time;
	uint64_t counters[64];
	uint64_t have;
};

int hg_nl_open(struct hg_nl **hp);
void hg_nl_close(struct hg_nl *h);
const char *hg_nl_error(const struct hg_nl *h);
int hg_nl_get_status(struct hg_nl *h, struct hg_status *st);
int hg_nl_send_attr(struct hg_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len);

/* Exposed for the unit tests and for tools that send their own requests. */
int hg_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);
void hg_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len);
const char *hg_counter_name(unsigned int counter);

#endif /* HG_NL_H */
