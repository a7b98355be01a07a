/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stream of the ledger's records (one JSON line each, see ledger.h):
 * hashguardd gives the ledger a stream of its own (fopencookie()) that
 * takes each line to stdout as before, to the journal with structured
 * fields (sd_journal_sendv(), Documentation/admin-guide/agent.rst,
 * "Journal fields"), and to a callback (the metrics' counters).
 *
 *	MESSAGE=            the JSON line
 *	PRIORITY=           4 a failed action, a refused reload, the module
 *			    gone; 5 an action, a "flagged" detection; 6
 *			    the rest
 *	SYSLOG_IDENTIFIER=  hashguardd
 *	HASHGUARD_RECORD=   detection, action, approval, tenant, agent
 *	HASHGUARD_TENANT=   the record's tenant (when it has one)
 *	HASHGUARD_ACTION=   the action kind (action records)
 *	HASHGUARD_OUTCOME=  verified or failed (action records)
 *	HASHGUARD_EVENT=    the event (the other records)
 *
 * When stdout itself goes to the journal ($JOURNAL_STREAM names it, as
 * systemd sets it for StandardOutput=journal), the structured entry
 * stands in for the plain line, so that each record is in the journal
 * once; when sending fails the line goes to stdout after all.
 */
#ifndef HG_JOURNAL_H
#define HG_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/uio.h>

#include <jansson.h>

/* --journal WHEN */
enum hg_journal_mode {
	HG_JOURNAL_AUTO,	/* when stdout goes to the journal (default) */
	HG_JOURNAL_YES,
	HG_JOURNAL_NO,
};

/* Fields of one entry at most (see the list above). */
#define HG_JOURNAL_MAX_FIELDS	9

/* The seam: sd_journal_sendv() unless a test puts another here. */
typedef int (*hg_journal_sendv_fn)(const struct iovec *iov, int n);

/**
 * struct hg_records - the record stream
 * @stream: the FILE the ledger writes to (hgl_ledger_set_stream())
 * @out: where the lines go as text, NULL when the journal stands in
 * @fallback: where they go when the journal refuses one (stdout)
 * @journal: send each record to the journal
 * @sendv: how
 * @on_record: called with each record's object (may be NULL)
 * @arg: its argument
 * @buf: the line being written
 * @len: its length so far
 * @cap: the size of @buf
 * @send_failed: the last send failed (said once, until one succeeds)
 */
struct hg_records {
	FILE *stream;
	FILE *out;
	FILE *fallback;
	bool journal;
	hg_journal_sendv_fn sendv;
	void (*on_record)(void *arg, json_t *rec);
	void *arg;
	char *buf;
	size_t len;
	size_t cap;
	bool send_failed;
};

int hg_journal_mode_parse(const char *s);
bool hg_journal_is_fd(int fd);
int hg_journal_fields(json_t *rec, const char *line, size_t len,
		      char **fields, size_t max);
int hg_records_open(struct hg_records *r, enum hg_journal_mode mode,
		    FILE *out);
void hg_records_close(struct hg_records *r);

#endif /* HG_JOURNAL_H */
