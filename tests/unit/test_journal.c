// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the record stream of hashguardd (agent/journal.c): the
 * journal fields of each record kind, and real ledger records written
 * through the stream with the journal's sender replaced by a recorder
 * (the seam, struct hg_records.sendv): what is sent, what goes to
 * stdout in each --journal mode, $JOURNAL_STREAM, the fall back to
 * stdout when the journal refuses, and the metrics' callback.
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"
#include "ledger.h"

#define MAX_SENT	16

/* What the fake sender got: each entry's fields joined by '|'. */
static char sent[MAX_SENT][4096];
static int nsent;
static int send_ret;

static int fake_sendv(const struct iovec *iov, int n)
{
	size_t off = 0;
	int i;

	if (send_ret)
		return send_ret;
	assert_true(nsent < MAX_SENT);
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(sent[nsent] + off,
					sizeof(sent[nsent]) - off, "%s%.*s",
					i ? "|" : "", (int)iov[i].iov_len,
					(const char *)iov[i].iov_base);
	nsent++;
	return 0;
}

static char *fields_of(const char *json)
{
	char *fields[HG_JOURNAL_MAX_FIELDS], *joined = calloc(1, 4096);
	json_t *o = json_loads(json, 0, NULL);
	size_t off = 0;
	int n, i;

	assert_non_null(o);
	assert_non_null(joined);
	n = hg_journal_fields(o, json, strlen(json), fields,
			      HG_JOURNAL_MAX_FIELDS);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		off += (size_t)snprintf(joined + off, 4096 - off, "%s%s",
					i ? "|" : "", fields[i]);
		free(fields[i]);
	}
	json_decref(o);
	return joined;
}

static void fields_action(void **state)
{
	const char *j = "{\"record\":\"action\",\"tenant\":\"acme\",\"pid\":42,\"action\":\"throttle\",\"outcome\":\"verified\"}";
	char *f;

	(void)state;
	f = fields_of(j);
	assert_string_equal(f, "MESSAGE={\"record\":\"action\",\"tenant\":\"acme\",\"pid\":42,\"action\":\"throttle\",\"outcome\":\"verified\"}"
			    "|PRIORITY=5|SYSLOG_IDENTIFIER=hashguardd"
			    "|HASHGUARD_RECORD=action|HASHGUARD_TENANT=acme"
			    "|HASHGUARD_ACTION=throttle|HASHGUARD_OUTCOME=verified");
	free(f);
	f = fields_of("{\"record\":\"action\",\"tenant\":\"acme\",\"action\":\"kill\",\"outcome\":\"failed\"}");
	assert_non_null(strstr(f, "|PRIORITY=4|"));
	assert_non_null(strstr(f, "|HASHGUARD_ACTION=kill|HASHGUARD_OUTCOME=failed"));
	free(f);
}

static void fields_other_kinds(void **state)
{
	char *f;

	(void)state;
	f = fields_of("{\"record\":\"detection\",\"tenant\":\"beta\",\"event\":\"flagged\",\"score\":900}");
	assert_non_null(strstr(f, "|PRIORITY=5|"));
	assert_non_null(strstr(f, "|HASHGUARD_RECORD=detection|HASHGUARD_TENANT=beta|HASHGUARD_EVENT=flagged"));
	assert_null(strstr(f, "HASHGUARD_ACTION="));
	free(f);
	f = fields_of("{\"record\":\"detection\",\"tenant\":\"beta\",\"event\":\"exited\"}");
	assert_non_null(strstr(f, "|PRIORITY=6|"));
	free(f);
	/* An agent record has no tenant: no HASHGUARD_TENANT. */
	f = fields_of("{\"record\":\"agent\",\"event\":\"module-gone\",\"detail\":null}");
	assert_non_null(strstr(f, "|PRIORITY=4|"));
	assert_non_null(strstr(f, "|HASHGUARD_RECORD=agent|HASHGUARD_EVENT=module-gone"));
	assert_null(strstr(f, "HASHGUARD_TENANT="));
	free(f);
	f = fields_of("{\"record\":\"approval\",\"tenant\":\"acme\",\"event\":\"granted\"}");
	assert_non_null(strstr(f, "|PRIORITY=6|"));
	assert_non_null(strstr(f, "|HASHGUARD_RECORD=approval|HASHGUARD_TENANT=acme|HASHGUARD_EVENT=granted"));
	free(f);
}

static void mode_parse(void **state)
{
	(void)state;
	assert_int_equal(hg_journal_mode_parse("auto"), HG_JOURNAL_AUTO);
	assert_int_equal(hg_journal_mode_parse("yes"), HG_JOURNAL_YES);
	assert_int_equal(hg_journal_mode_parse("no"), HG_JOURNAL_NO);
	assert_int_equal(hg_journal_mode_parse("on"), -EINVAL);
	assert_int_equal(hg_journal_mode_parse(""), -EINVAL);
}

struct fix {
	char dir[64];
	char out[128];
	FILE *outf;
	struct hgl_ledger *l;
	struct hg_records r;
	int ncb;
	char last_kind[32];
};

static const struct hgl_ledger_proc proc = {
	.tenant = "acme", .tgid = 4242, .start_time = 123456789012ULL,
	.comm = "xmrig", .exe = "/opt/acme/xmrig",
};

static void on_record(void *arg, json_t *rec)
{
	struct fix *f = arg;

	f->ncb++;
	snprintf(f->last_kind, sizeof(f->last_kind), "%s",
		 json_string_value(json_object_get(rec, "record")));
}

/* A ledger whose record stream is a struct hg_records in @mode. */
static struct fix *open_fix(enum hg_journal_mode mode, bool journal_stream)
{
	struct fix *f = calloc(1, sizeof(*f));
	char err[512], env[64];
	struct stat sb;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/hg-journal-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->out, sizeof(f->out), "%s/stdout", f->dir);
	f->outf = fopen(f->out, "w+");
	assert_non_null(f->outf);
	unsetenv("JOURNAL_STREAM");
	if (journal_stream) {
		assert_int_equal(fstat(fileno(f->outf), &sb), 0);
		snprintf(env, sizeof(env), "%llu:%llu",
			 (unsigned long long)sb.st_dev,
			 (unsigned long long)sb.st_ino);
		setenv("JOURNAL_STREAM", env, 1);
	}
	snprintf(err, sizeof(err), "%s/ledger.db", f->dir);
	assert_int_equal(hgl_ledger_open(err, false, &f->l, err, sizeof(err)), 0);
	assert_int_equal(hg_records_open(&f->r, mode, f->outf), 0);
	f->r.sendv = fake_sendv;
	f->r.on_record = on_record;
	f->r.arg = f;
	hgl_ledger_set_stream(f->l, f->r.stream);
	nsent = 0;
	send_ret = 0;
	return f;
}

static int count_lines(struct fix *f)
{
	char line[4096];
	int n = 0;

	fflush(f->outf);
	rewind(f->outf);
	while (fgets(line, sizeof(line), f->outf))
		n++;
	return n;
}

static void close_fix(struct fix *f)
{
	char path[160];

	hgl_ledger_close(f->l);
	hg_records_close(&f->r);
	fclose(f->outf);
	unsetenv("JOURNAL_STREAM");
	unlink(f->out);
	snprintf(path, sizeof(path), "rm -rf '%s'", f->dir);
	assert_int_equal(system(path), 0);
	free(f);
}

static void write_records(struct fix *f)
{
	assert_int_equal(hgl_ledger_agent(f->l, "start", "test.conf"), 0);
	assert_int_equal(hgl_ledger_action(f->l, &proc, HASHGUARD_ACTION_THROTTLE,
					  HASHGUARD_OUTCOME_VERIFIED,
					  "policy [default]", "/acme/ctr",
					  "cpu.max 10000 100000"), 0);
}

/* --journal yes, stdout a file: both, with the ledger's real lines. */
static void stream_yes(void **state)
{
	struct fix *f = open_fix(HG_JOURNAL_YES, false);

	(void)state;
	assert_true(f->r.journal);
	write_records(f);
	assert_int_equal(nsent, 2);
	assert_non_null(strstr(sent[0], "MESSAGE={\"record\":\"agent\""));
	assert_non_null(strstr(sent[0], "|HASHGUARD_RECORD=agent|HASHGUARD_EVENT=start"));
	assert_non_null(strstr(sent[1], "MESSAGE={\"record\":\"action\""));
	assert_non_null(strstr(sent[1], "\"comm\":\"xmrig\""));
	assert_non_null(strstr(sent[1], "|HASHGUARD_RECORD=action|HASHGUARD_TENANT=acme|HASHGUARD_ACTION=throttle|HASHGUARD_OUTCOME=verified"));
	/* The MESSAGE is the line, without its newline. */
	assert_null(strchr(sent[1], '\n'));
	assert_int_equal(count_lines(f), 2);
	assert_int_equal(f->ncb, 2);
	assert_string_equal(f->last_kind, "action");
	close_fix(f);
}

/* auto, stdout not the journal: stdout only, as before. */
static void stream_auto_plain(void **state)
{
	struct fix *f = open_fix(HG_JOURNAL_AUTO, false);

	(void)state;
	assert_false(f->r.journal);
	write_records(f);
	assert_int_equal(nsent, 0);
	assert_int_equal(count_lines(f), 2);
	assert_int_equal(f->ncb, 2);
	close_fix(f);
}

/* auto, stdout is the journal ($JOURNAL_STREAM): the entry, not the line. */
static void stream_auto_journal(void **state)
{
	struct fix *f = open_fix(HG_JOURNAL_AUTO, true);

	(void)state;
	assert_true(f->r.journal);
	write_records(f);
	assert_int_equal(nsent, 2);
	assert_int_equal(count_lines(f), 0);
	/* The journal refuses: the line goes to stdout after all. */
	send_ret = -ECONNREFUSED;
	assert_int_equal(hgl_ledger_agent(f->l, "reload", "test.conf"), 0);
	assert_int_equal(nsent, 2);
	assert_int_equal(count_lines(f), 1);
	assert_true(f->r.send_failed);
	send_ret = 0;
	assert_int_equal(hgl_ledger_agent(f->l, "reload", "test.conf"), 0);
	assert_int_equal(nsent, 3);
	assert_false(f->r.send_failed);
	assert_int_equal(count_lines(f), 1);
	assert_int_equal(f->ncb, 4);
	close_fix(f);
}

/* no: never the journal, even when stdout goes there. */
static void stream_no(void **state)
{
	struct fix *f = open_fix(HG_JOURNAL_NO, true);

	(void)state;
	assert_false(f->r.journal);
	write_records(f);
	assert_int_equal(nsent, 0);
	assert_int_equal(count_lines(f), 2);
	close_fix(f);
}

/* A batch's lines come at its commit, each still one entry. */
static void stream_batch(void **state)
{
	struct fix *f = open_fix(HG_JOURNAL_YES, false);

	(void)state;
	assert_int_equal(hgl_ledger_begin(f->l), 0);
	write_records(f);
	assert_int_equal(nsent, 0);
	assert_int_equal(hgl_ledger_commit(f->l), 0);
	assert_int_equal(nsent, 2);
	assert_int_equal(count_lines(f), 2);
	close_fix(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_action),
		cmocka_unit_test(fields_other_kinds),
		cmocka_unit_test(mode_parse),
		cmocka_unit_test(stream_yes),
		cmocka_unit_test(stream_auto_plain),
		cmocka_unit_test(stream_auto_journal),
		cmocka_unit_test(stream_no),
		cmocka_unit_test(stream_batch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
