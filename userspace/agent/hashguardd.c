// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd: the policy agent.  It runs in the foreground (under systemd,
 * Type=notify), takes one lock so that two agents never act at once, and
 * leaves the work to agent.c.
 *
 *	hashguardd [--config FILE] [--ledger FILE] [--lock FILE]
 *		   [--metrics FILE] [--metrics-interval SECONDS]
 *		   [--journal auto|yes|no]
 *	hashguardd --check-config FILE
 *
 * Exit status: 0 after SIGTERM/SIGINT, 1 on a failure, 2 on bad usage.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent.h"
#include "journal.h"
#include "metrics.h"
#include "version.h"

#define HG_CONFIG_PATH	"/etc/hashguard/hashguardd.conf"
#define HG_LOCK_PATH	"/run/hashguard/hashguardd.lock"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hashguardd [--config FILE] [--ledger FILE] [--lock FILE]\n"
		"                  [--metrics FILE] [--metrics-interval SECONDS]\n"
		"                  [--journal auto|yes|no]\n"
		"       hashguardd --check-config FILE\n"
		"       hashguardd --help | --version\n"
		"\n"
		"  --config FILE        policy (default %s)\n"
		"  --ledger FILE        SQLite ledger (default %s)\n"
		"  --lock FILE          lock that keeps a second agent out\n"
		"                       (default %s)\n"
		"  --metrics FILE       write Prometheus metrics to FILE (for\n"
		"                       node_exporter's textfile collector;\n"
		"                       default none)\n"
		"  --metrics-interval SECONDS\n"
		"                       at most every SECONDS (default %d)\n"
		"  --journal WHEN       records to the journal, with fields:\n"
		"                       auto (when stdout goes there), yes, no\n"
		"  --check-config FILE  check a policy file, print it resolved\n",
		HG_CONFIG_PATH, HGL_LEDGER_PATH, HG_LOCK_PATH,
		HG_METRICS_INTERVAL_S);
}

/*
 * Tell systemd (Type=notify) how we are.  The datagram protocol of
 * sd_notify(3) is stable and documented for use without libsystemd.
 */
static void hg_sd_notify(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@') ||
	    strlen(path) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL,
		   (struct sockaddr *)&sa, len) < 0)
		hg_agent_log("sd_notify: %s", strerror(errno));
	close(fd);
}

static void hg_ready(const char *status)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=%s", status);
	hg_sd_notify(msg);
	hg_agent_log("%s", status);
}

/* Take the lock for good (held until exit); write our pid in it. */
static int hg_lock(const char *path)
{
	char *dir, *copy, buf[32], other[32] = "";
	ssize_t n;
	int fd;

	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	dir = dirname(copy);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		hg_agent_log("cannot create %s: %s", dir, strerror(errno));
		free(copy);
		return -errno;
	}
	free(copy);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		hg_agent_log("cannot open the lock %s: %s", path,
			     strerror(errno));
		return -errno;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = errno;

		n = pread(fd, other, sizeof(other) - 1, 0);
		if (n > 0)
			other[strcspn(other, "\n")] = '\0';
		if (err == EWOULDBLOCK)
			hg_agent_log("another hashguardd is running (pid %s holds %s)",
				     other[0] ? other : "?", path);
		else
			hg_agent_log("cannot lock %s: %s", path, strerror(err));
		close(fd);
		return -EBUSY;
	}
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) ||
	    pwrite(fd, buf, strlen(buf), 0) != (ssize_t)strlen(buf))
		hg_agent_log("writing %s: %s", path, strerror(errno));
	return fd;
}

static void hg_count_record(void *arg, json_t *rec)
{
	hg_metrics_record(arg, rec);
}

static int check_config(const char *path)
{
	struct hg_policy pol = { 0 };
	char err[512];

	if (hg_policy_load(path, &pol, err, sizeof(err))) {
		fprintf(stderr, "hashguardd: %s\n", err);
		return 1;
	}
	printf("# %s: good; the policy it sets, every key resolved:\n", path);
	hg_policy_print(&pol, stdout);
	hg_policy_free(&pol);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "ledger", required_argument, NULL, 'l' },
		{ "lock", required_argument, NULL, 'L' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "metrics-interval", required_argument, NULL, 'i' },
		{ "journal", required_argument, NULL, 'j' },
		{ "check-config", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	const char *config = HG_CONFIG_PATH, *ledger = HGL_LEDGER_PATH;
	const char *lock = HG_LOCK_PATH, *check = NULL, *metrics = NULL;
	unsigned long interval = HG_METRICS_INTERVAL_S;
	int journal = HG_JOURNAL_AUTO;
	struct hg_records rec;
	struct hg_metrics m;
	struct hg_agent a;
	char err[512], *end;
	sigset_t set;
	int opt, sigfd, lockfd, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 'l':
			ledger = optarg;
			break;
		case 'L':
			lock = optarg;
			break;
		case 'm':
			metrics = optarg;
			break;
		case 'i':
			errno = 0;
			interval = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || interval < 1 ||
			    interval > 3600) {
				fprintf(stderr, "hashguardd: --metrics-interval: 1 to 3600 seconds, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'j':
			journal = hg_journal_mode_parse(optarg);
			if (journal < 0) {
				fprintf(stderr, "hashguardd: --journal: auto, yes or no, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'C':
			check = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("hashguardd %s (netlink family version %d, ledger schema %d)\n",
			       HASHGUARD_VERSION, HASHGUARD_GENL_VERSION,
			       HGL_LEDGER_VERSION);
			return 0;
		default:
			if (optopt)
				fprintf(stderr, "hashguardd: option --%s needs a value\n",
					argv[optind - 1] + 2);
			else
				fprintf(stderr, "hashguardd: unknown option '%s'\n",
					argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hashguardd: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return 2;
	}
	if (check)
		return check_config(check);

	/* Ledger lines go to stdout, one each: keep them whole. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0) {
		hg_agent_log("signalfd: %s", strerror(errno));
		return 1;
	}
	lockfd = hg_lock(lock);
	if (lockfd < 0)
		return 1;
	ret = hg_agent_init(&a, config, ledger, err, sizeof(err));
	if (ret) {
		hg_agent_log("%s", err);
		return 1;
	}
	/* The records: to stdout, the journal and the metrics' counters. */
	hg_metrics_init(&m, metrics, ledger, (unsigned int)interval);
	if (hg_records_open(&rec, journal, stdout)) {
		hg_agent_log("record stream: %s", strerror(errno));
		hg_agent_fini(&a);
		return 1;
	}
	rec.on_record = hg_count_record;
	rec.arg = &m;
	hgl_ledger_set_stream(a.ledger, rec.stream);
	a.loop_hook = hg_metrics_tick;
	a.loop_arg = &m;
	ret = hg_agent_run(&a, sigfd, hg_ready);
	hg_metrics_write(&m, &a);
	hg_sd_notify("STOPPING=1");
	hg_agent_log("stopping: %llu notifications, %llu resyncs (%llu after overflows), %llu actions (%llu failed), %llu lifted, %llu restored, %llu tampers undone",
		     (unsigned long long)a.stats.events,
		     (unsigned long long)a.stats.resyncs,
		     (unsigned long long)a.stats.overflows,
		     (unsigned long long)a.stats.actions,
		     (unsigned long long)a.stats.failed,
		     (unsigned long long)a.stats.lifts,
		     (unsigned long long)a.stats.restored,
		     (unsigned long long)a.stats.tampers);
	hg_agent_fini(&a);
	hg_records_close(&rec);
	hg_metrics_fini(&m);
	close(sigfd);
	close(lockfd);
	return ret ? 1 : 0;
}
