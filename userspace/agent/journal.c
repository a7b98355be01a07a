// SPDX-License-Identifier: GPL-2.0
/*
 * The record stream (see journal.h): each JSON line of the ledger to
 * stdout, to the journal with structured fields, and to the metrics.
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include <systemd/sd-journal.h>

#include "agent.h"
#include "journal.h"

/**
 * hg_journal_mode_parse() - the value of --journal
 * @s: "auto", "yes" or "no"
 *
 * Return: enum hg_journal_mode, or -EINVAL.
 */
int hg_journal_mode_parse(const char *s)
{
	if (!strcmp(s, "auto"))
		return HG_JOURNAL_AUTO;
	if (!strcmp(s, "yes"))
		return HG_JOURNAL_YES;
	if (!strcmp(s, "no"))
		return HG_JOURNAL_NO;
	return -EINVAL;
}

/**
 * hg_journal_is_fd() - does @fd go to the journal?
 * @fd: a file descriptor (stdout)
 *
 * systemd puts "DEVICE:INODE" of the stream it connects to the journal
 * in $JOURNAL_STREAM (systemd.exec(5)); @fd goes there if it is that
 * file.
 *
 * Return: true if so.
 */
bool hg_journal_is_fd(int fd)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat sb;
	char end;

	if (!env || sscanf(env, "%llu:%llu%c", &dev, &ino, &end) != 2)
		return false;
	if (fstat(fd, &sb))
		return false;
	return (unsigned long long)sb.st_dev == dev &&
	       (unsigned long long)sb.st_ino == ino;
}

static int hg_priority(json_t *rec)
{
	const char *kind = json_string_value(json_object_get(rec, "record"));
	const char *v;

	if (!kind)
		return LOG_INFO;
	if (!strcmp(kind, "action")) {
		v = json_string_value(json_object_get(rec, "outcome"));
		return v && !strcmp(v, "failed") ? LOG_WARNING : LOG_NOTICE;
	}
	v = json_string_value(json_object_get(rec, "event"));
	if (!v)
		return LOG_INFO;
	if (!strcmp(kind, "detection") && !strcmp(v, "flagged"))
		return LOG_NOTICE;
	if (!strcmp(kind, "agent") &&
	    (!strcmp(v, "reload-refused") || !strcmp(v, "module-gone")))
		return LOG_WARNING;
	return LOG_INFO;
}

static int hg_field(char **fields, size_t *n, size_t max, const char *name,
		    const char *value, size_t len)
{
	if (*n >= max)
		return -E2BIG;
	if (asprintf(&fields[*n], "%s=%.*s", name, (int)len, value) < 0)
		return -ENOMEM;
	(*n)++;
	return 0;
}

/* NAME=the string @key of @rec, when it has one. */
static int hg_field_of(char **fields, size_t *n, size_t max, const char *name,
		       json_t *rec, const char *key)
{
	const char *v = json_string_value(json_object_get(rec, key));

	return v ? hg_field(fields, n, max, name, v, strlen(v)) : 0;
}

/**
 * hg_journal_fields() - the fields of a record's journal entry
 * @rec: the record's object
 * @line: its JSON line, without the newline
 * @len: the line's length
 * @fields: filled with malloc()ed "NAME=value" strings (free() each)
 * @max: room in @fields (HG_JOURNAL_MAX_FIELDS is always enough)
 *
 * Return: the number of fields, or -errno (then none is left to free).
 */
int hg_journal_fields(json_t *rec, const char *line, size_t len,
		      char **fields, size_t max)
{
	const char *kind = json_string_value(json_object_get(rec, "record"));
	char prio[2] = { (char)('0' + hg_priority(rec)), '\0' };
	size_t n = 0, i;
	int ret;

	ret = hg_field(fields, &n, max, "MESSAGE", line, len);
	if (!ret)
		ret = hg_field(fields, &n, max, "PRIORITY", prio, 1);
	if (!ret)
		ret = hg_field(fields, &n, max, "SYSLOG_IDENTIFIER",
			       "hashguardd", strlen("hashguardd"));
	if (!ret)
		ret = hg_field_of(fields, &n, max, "HASHGUARD_RECORD", rec,
				  "record");
	if (!ret)
		ret = hg_field_of(fields, &n, max, "HASHGUARD_TENANT", rec,
				  "tenant");
	if (!ret && kind && !strcmp(kind, "action")) {
		ret = hg_field_of(fields, &n, max, "HASHGUARD_ACTION", rec,
				  "action");
		if (!ret)
			ret = hg_field_of(fields, &n, max, "HASHGUARD_OUTCOME",
					  rec, "outcome");
	} else if (!ret) {
		ret = hg_field_of(fields, &n, max, "HASHGUARD_EVENT", rec,
				  "event");
	}
	if (ret) {
		for (i = 0; i < n; i++)
			free(fields[i]);
		return ret;
	}
	return (int)n;
}

/* Send one record; 0 or -errno. */
static int hg_journal_send(struct hg_records *r, json_t *rec,
			   const char *line, size_t len)
{
	char *fields[HG_JOURNAL_MAX_FIELDS];
	struct iovec iov[HG_JOURNAL_MAX_FIELDS];
	int n, i, ret;

	n = hg_journal_fields(rec, line, len, fields, HG_JOURNAL_MAX_FIELDS);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		iov[i].iov_base = fields[i];
		iov[i].iov_len = strlen(fields[i]);
	}
	ret = r->sendv(iov, n);
	for (i = 0; i < n; i++)
		free(fields[i]);
	return ret < 0 ? ret : 0;
}

static int hg_put_line(FILE *f, const char *line, size_t len)
{
	if (fwrite(line, 1, len, f) != len || fputc('\n', f) == EOF ||
	    fflush(f) == EOF)
		return -1;
	return 0;
}

/* One whole line (without its newline): to each of its places. */
static int hg_records_line(struct hg_records *r, const char *line, size_t len)
{
	json_t *rec = json_loadb(line, len, 0, NULL);
	int ret = 0, sent = -EINVAL;

	if (rec && r->on_record)
		r->on_record(r->arg, rec);
	if (r->journal) {
		sent = rec ? hg_journal_send(r, rec, line, len) : -EINVAL;
		if (sent && !r->send_failed)
			hg_agent_log("journal: cannot send a record: %s%s",
				     strerror(-sent),
				     r->out ? "" : " (it goes to stdout)");
		else if (!sent && r->send_failed)
			hg_agent_log("journal: sending records again");
		r->send_failed = sent != 0;
	}
	if (r->out)
		ret = hg_put_line(r->out, line, len);
	else if (sent && r->fallback)
		ret = hg_put_line(r->fallback, line, len);
	json_decref(rec);
	return ret;
}

static ssize_t hg_records_write(void *cookie, const char *buf, size_t size)
{
	struct hg_records *r = cookie;
	size_t i, start = 0;
	int ret = 0;

	if (r->len + size > r->cap) {
		size_t cap = (r->len + size) * 2;
		char *nb = realloc(r->buf, cap);

		if (!nb) {
			errno = ENOMEM;
			return -1;
		}
		r->buf = nb;
		r->cap = cap;
	}
	memcpy(r->buf + r->len, buf, size);
	r->len += size;
	for (i = 0; i < r->len; i++) {
		if (r->buf[i] != '\n')
			continue;
		if (hg_records_line(r, r->buf + start, i - start))
			ret = -1;
		start = i + 1;
	}
	memmove(r->buf, r->buf + start, r->len - start);
	r->len -= start;
	if (ret) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)size;
}

static int hg_records_cookie_close(void *cookie)
{
	struct hg_records *r = cookie;

	/* A last line without its newline: still a line. */
	if (r->len)
		hg_records_line(r, r->buf, r->len);
	r->len = 0;
	return 0;
}

/**
 * hg_records_open() - make the record stream
 * @r: filled; set @r->on_record and @r->arg after if wanted
 * @mode: journal or not (enum hg_journal_mode)
 * @out: where the lines go as text (stdout)
 *
 * AUTO sends to the journal when @out goes there (then instead of
 * writing the line to @out); YES sends whatever @out is (and writes to
 * @out too unless it goes to the journal); NO only writes to @out.
 *
 * Return: 0 or -errno.
 */
int hg_records_open(struct hg_records *r, enum hg_journal_mode mode,
		    FILE *out)
{
	static const cookie_io_functions_t io = {
		.write = hg_records_write,
		.close = hg_records_cookie_close,
	};
	bool to_journal = hg_journal_is_fd(fileno(out));

	memset(r, 0, sizeof(*r));
	r->fallback = out;
	r->journal = mode == HG_JOURNAL_YES ||
		     (mode == HG_JOURNAL_AUTO && to_journal);
	r->out = r->journal && to_journal ? NULL : out;
	r->sendv = sd_journal_sendv;
	r->stream = fopencookie(r, "w", io);
	if (!r->stream)
		return -errno;
	return 0;
}

/* Close the stream (the ledger must not write to it any more). */
void hg_records_close(struct hg_records *r)
{
	if (r->stream)
		fclose(r->stream);
	r->stream = NULL;
	free(r->buf);
	r->buf = NULL;
	r->len = r->cap = 0;
}
