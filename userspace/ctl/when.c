// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl: times on the command line (ISO 8601 or relative) and in
 * the output (ISO 8601 in UTC).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

/* Read exactly @n digits at *@p. */
static bool when_digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return false;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return true;
}

static int when_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* "+N[smhd]": @now plus N seconds, minutes, hours or days. */
static int when_relative(const char *s, time_t now, uint64_t *out, char *err,
			 size_t errlen)
{
	const char *p = s + 1;
	uint64_t n = 0, unit = 1;

	if (*p < '0' || *p > '9')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (uint64_t)(*p - '0');
		if (n > UINT32_MAX)
			goto range;
	}
	switch (*p) {
	case '\0':
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		goto bad;
	}
	if (*p && p[1])
		goto bad;
	if (now < 0 || n * unit > (uint64_t)INT64_MAX - (uint64_t)now)
		goto range;
	*out = (uint64_t)now + n * unit;
	return 0;
bad:
	snprintf(err, errlen,
		 "'%s' is not a relative time: use +N followed by s, m, h or d, e.g. +2h or +30d",
		 s);
	return -EINVAL;
range:
	snprintf(err, errlen, "'%s' is too far in the future", s);
	return -ERANGE;
}

/* "Z", "+HH:MM", "-HH:MM", "+HHMM": seconds east of UTC; *@p moves past. */
static bool when_zone(const char **p, long *offset)
{
	const char *q = *p;
	int sign, hh, mm;

	if (*q == 'Z' || *q == 'z') {
		*p = q + 1;
		*offset = 0;
		return true;
	}
	if (*q != '+' && *q != '-')
		return false;
	sign = *q++ == '-' ? -1 : 1;
	if (!when_digits(&q, 2, &hh))
		return false;
	if (*q == ':')
		q++;
	if (!when_digits(&q, 2, &mm) || hh > 23 || mm > 59)
		return false;
	*offset = sign * (hh * 3600L + mm * 60L);
	*p = q;
	return true;
}

/* A local time: mktime(), refusing a time the clock skips (DST). */
static int when_local(struct tm *tm, const char *s, time_t *t, char *err,
		      size_t errlen)
{
	struct tm want = *tm;

	tm->tm_isdst = -1;
	*t = mktime(tm);
	if (*t == (time_t)-1) {
		snprintf(err, errlen, "'%s' is out of range", s);
		return -ERANGE;
	}
	if (tm->tm_hour != want.tm_hour || tm->tm_min != want.tm_min ||
	    tm->tm_mday != want.tm_mday) {
		snprintf(err, errlen,
			 "'%s' does not exist in the local time zone (a daylight saving time change skips it); give a zone, e.g. Z or +01:00",
			 s);
		return -EINVAL;
	}
	return 0;
}

/**
 * ctl_parse_time() - a time given on the command line
 * @s: ISO 8601: YYYY-MM-DD (midnight), YYYY-MM-DDTHH:MM or
 *	YYYY-MM-DDTHH:MM:SS ('T' or a space), the time optionally followed
 *	by Z or ±HH:MM (without a zone: local time); or relative to @now:
 *	+N, +Ns, +Nm, +Nh, +Nd (seconds, minutes, hours, days)
 * @now: the current time, for relative times
 * @out: the time, seconds since the epoch
 * @err: a message for a person on failure
 * @errlen: size of @err
 *
 * Return: 0, -EINVAL (not a time, or not one that exists), -ERANGE
 * (before 1970 or too far ahead).
 */
int ctl_parse_time(const char *s, time_t now, uint64_t *out, char *err,
		   size_t errlen)
{
	struct tm tm = { 0 };
	const char *p = s;
	int y, mo, d, hh = 0, mi = 0, ss = 0;
	long offset = 0;
	bool zone = false;
	time_t t;
	int ret;

	if (!s || !*s) {
		snprintf(err, errlen, "empty time");
		return -EINVAL;
	}
	if (*s == '+')
		return when_relative(s, now, out, err, errlen);
	if (!when_digits(&p, 4, &y) || *p++ != '-' || !when_digits(&p, 2, &mo) ||
	    *p++ != '-' || !when_digits(&p, 2, &d))
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!when_digits(&p, 2, &hh) || *p++ != ':' ||
		    !when_digits(&p, 2, &mi))
			goto bad;
		if (*p == ':' && (p++, !when_digits(&p, 2, &ss)))
			goto bad;
		if (*p) {
			if (!when_zone(&p, &offset))
				goto bad;
			zone = true;
		}
		if (*p)
			goto bad;
	} else if (*p) {
		goto bad;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > when_days_in_month(y, mo) ||
	    hh > 23 || mi > 59 || ss > 59) {
		snprintf(err, errlen, "'%s' is not a valid date and time", s);
		return -EINVAL;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mi;
	tm.tm_sec = ss;
	if (zone) {
		t = timegm(&tm) - offset;
	} else {
		ret = when_local(&tm, s, &t, err, errlen);
		if (ret)
			return ret;
	}
	if (t < 0) {
		snprintf(err, errlen, "'%s' is before 1970", s);
		return -ERANGE;
	}
	*out = (uint64_t)t;
	return 0;
bad:
	snprintf(err, errlen,
		 "'%s' is not a time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] with an optional Z or +HH:MM, or +N[smhd]",
		 s);
	return -EINVAL;
}

/**
 * ctl_format_time() - a time as ISO 8601 in UTC, e.g. 2026-11-23T10:00:00Z
 * @t: seconds since the epoch
 * @buf: the text
 * @len: size of @buf (CTL_TIME_LEN is enough)
 */
void ctl_format_time(uint64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t > (uint64_t)INT64_MAX || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "@%" PRIu64, t);
}

/**
 * ctl_json_time() - a time as a JSON string (see ctl_format_time())
 * @t: seconds since the epoch; 0 means none
 *
 * Return: a new JSON string, JSON null for 0, NULL when out of memory.
 */
json_t *ctl_json_time(uint64_t t)
{
	char buf[CTL_TIME_LEN];

	if (!t)
		return json_null();
	ctl_format_time(t, buf, sizeof(buf));
	return json_string(buf);
}
