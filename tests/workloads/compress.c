// SPDX-License-Identifier: GPL-2.0
/*
 * compress: an LZ4-style compressor and decompressor run over generated
 * English-like text, over and over.
 *
 * Mimics no proof of work: this is the tight ordinary benchmark loop
 * (lz4, zstd --fast, snappy, deflate's fast levels) the detector must
 * not flag, even though it hashes: like LZ4 it finds matches by hashing
 * each 4-byte sequence (a multiply and a shift) into a table of recent
 * positions, then compares bytes, extends matches and copies literals.
 * Its instructions are loads, compares, branches and byte copies, with
 * one multiply per position: no rounds of rotate/xor/add, no AES.
 *
 * The output is the LZ4 block format (token, literal run, 16-bit offset,
 * match length; last 5 bytes literal).  Each batch compresses a 64 KiB
 * window of a 4 MiB text, decompresses it and checks the round trip;
 * work is counted in KiB compressed.
 *
 * Self-test: round trips of empty, tiny, run-length, random and text
 * inputs with the expected ratios, and decoding a hand-made block that
 * exercises literals, an overlapping match and the final literals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define TEXT_SIZE	(4u << 20)
#define WINDOW		(64u << 10)
#define HASH_LOG	14
#define MIN_MATCH	4
#define LAST_LITERALS	5	/* the block always ends with literals */
#define MF_LIMIT	12	/* no match starts in the last 12 bytes */
#define MAX_OFFSET	65535
#define BOUND(n)	((n) + (n) / 255 + 16)

static uint32_t read32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t hash4(uint32_t seq)
{
	return (seq * 2654435761u) >> (32 - HASH_LOG);
}

static uint8_t *put_length(uint8_t *op, size_t len)
{
	for (; len >= 255; len -= 255)
		*op++ = 255;
	*op++ = (uint8_t)len;
	return op;
}

static uint8_t *put_sequence(uint8_t *op, const uint8_t *lit, size_t nlit,
			     size_t offset, size_t mlen)
{
	uint8_t *token = op++;

	*token = (uint8_t)((nlit < 15 ? nlit : 15) << 4);
	if (nlit >= 15)
		op = put_length(op, nlit - 15);
	memcpy(op, lit, nlit);
	op += nlit;
	if (!mlen)
		return op;	/* the final literals */
	*op++ = (uint8_t)offset;
	*op++ = (uint8_t)(offset >> 8);
	mlen -= MIN_MATCH;
	*token |= (uint8_t)(mlen < 15 ? mlen : 15);
	if (mlen >= 15)
		op = put_length(op, mlen - 15);
	return op;
}

/* Compress @n bytes into @out (BOUND(n) bytes); returns the compressed size. */
static size_t lz_compress(const uint8_t *in, size_t n, uint8_t *out, uint32_t *table)
{
	const uint8_t *ip = in, *anchor = in, *end = in + n;
	uint8_t *op = out;

	memset(table, 0xff, sizeof(*table) << HASH_LOG);
	if (n >= MF_LIMIT + 1) {
		const uint8_t *match_limit = end - MF_LIMIT, *copy_limit = end - LAST_LITERALS;

		while (ip < match_limit) {
			uint32_t h = hash4(read32(ip)), cand = table[h];
			const uint8_t *ref = in + cand, *mp;

			table[h] = (uint32_t)(ip - in);
			if (cand == UINT32_MAX || ip - ref > MAX_OFFSET ||
			    read32(ref) != read32(ip)) {
				ip++;
				continue;
			}
			/* Extend backwards over pending literals, then forwards. */
			while (ip > anchor && ref > in && ip[-1] == ref[-1]) {
				ip--;
				ref--;
			}
			mp = ip + MIN_MATCH;
			while (mp < copy_limit && *mp == ref[mp - ip])
				mp++;
			op = put_sequence(op, anchor, (size_t)(ip - anchor),
					  (size_t)(ip - ref), (size_t)(mp - ip));
			ip = anchor = mp;
		}
	}
	return (size_t)(put_sequence(op, anchor, (size_t)(end - anchor), 0, 0) - out);
}

static int get_length(const uint8_t **ip, const uint8_t *end, size_t *len)
{
	uint8_t b;

	do {
		if (*ip >= end)
			return -1;
		b = *(*ip)++;
		*len += b;
	} while (b == 255);
	return 0;
}

/* Decompress @n bytes into @out of @cap bytes; returns the size or -1 if malformed. */
static long lz_decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	const uint8_t *ip = in, *end = in + n;
	uint8_t *op = out, *oend = out + cap;

	while (ip < end) {
		uint8_t token = *ip++;
		size_t nlit = token >> 4, mlen = token & 15, offset;

		if (nlit == 15 && get_length(&ip, end, &nlit))
			return -1;
		if (nlit > (size_t)(end - ip) || nlit > (size_t)(oend - op))
			return -1;
		memcpy(op, ip, nlit);
		ip += nlit;
		op += nlit;
		if (ip == end)
			break;		/* the final literals */
		if (end - ip < 2)
			return -1;
		offset = ip[0] | (size_t)ip[1] << 8;
		ip += 2;
		if (mlen == 15 && get_length(&ip, end, &mlen))
			return -1;
		mlen += MIN_MATCH;
		if (!offset || offset > (size_t)(op - out) || mlen > (size_t)(oend - op))
			return -1;
		/* Byte by byte: the match may overlap what it produces. */
		for (size_t i = 0; i < mlen; i++, op++)
			*op = op[-offset];
	}
	return (long)(op - out);
}

/* English-like text: words of a fixed random vocabulary, Zipf-ish choice. */
static void gen_text(uint8_t *buf, size_t n, struct wl_rng *rng)
{
	static const char *const syll[] = {
		"the", "an", "in", "con", "pro", "ta", "re", "ly", "ing", "er",
		"tion", "al", "com", "de", "ver", "is", "at", "on", "or", "ment",
	};
	char vocab[256][24];
	size_t pos = 0;
	int i;

	for (i = 0; i < 256; i++) {
		int ns = 1 + (int)(wl_rng_next(rng) % 3);

		vocab[i][0] = 0;
		while (ns--)
			strcat(vocab[i], syll[wl_rng_next(rng) % 20]);
	}
	while (pos < n) {
		uint64_t r = wl_rng_next(rng);
		/* min of two uniform picks favours the first words */
		unsigned int w = (unsigned int)(r & 255), w2 = (unsigned int)(r >> 8 & 255);
		const char *word = vocab[w < w2 ? w : w2];
		char sep = (r >> 16) % 13 ? ' ' : (r >> 20) % 4 ? ',' : '\n';

		for (i = 0; word[i] && pos < n; i++)
			buf[pos++] = (uint8_t)word[i];
		if (pos < n)
			buf[pos++] = (uint8_t)sep;
	}
}

struct compress_job {
	uint8_t *text, comp[BOUND(WINDOW)], plain[WINDOW];
	uint32_t table[1u << HASH_LOG];
	size_t off;
	uint64_t errors;
};

static void compress_fini(void *state)
{
	struct compress_job *job = state;

	free(job->text);
	free(job);
}

static void *compress_init(unsigned int thread)
{
	struct compress_job *job = calloc(1, sizeof(*job));
	struct wl_rng rng;

	if (!job)
		return NULL;
	job->text = malloc(TEXT_SIZE);
	if (!job->text) {
		free(job);
		return NULL;
	}
	wl_rng_seed(&rng, 0x4c5a3737ULL + thread);
	gen_text(job->text, TEXT_SIZE, &rng);
	return job;
}

static uint64_t compress_run(void *state)
{
	struct compress_job *job = state;
	const uint8_t *src = job->text + job->off;
	size_t clen = lz_compress(src, WINDOW, job->comp, job->table);

	if ((lz_decompress(job->comp, clen, job->plain, WINDOW) != WINDOW ||
	     memcmp(job->plain, src, WINDOW)) && !job->errors++)
		fprintf(stderr, "compress: round trip failed at offset %zu\n", job->off);
	job->off = (job->off + WINDOW) % TEXT_SIZE;
	return WINDOW >> 10;
}

/* Round trip @n bytes; returns the compressed size or 0 on a mismatch. */
static size_t round_trip(struct compress_job *job, const uint8_t *src, size_t n)
{
	size_t clen = lz_compress(src, n, job->comp, job->table);

	if (lz_decompress(job->comp, clen, job->plain, n) != (long)n ||
	    memcmp(job->plain, src, n))
		return 0;
	return clen;
}

static int compress_self_test(void)
{
	/* "abc", then offset 3 length 9, then the final literals "xyzzy" */
	static const uint8_t block[] = {
		0x35, 'a', 'b', 'c', 0x03, 0x00, 0x50, 'x', 'y', 'z', 'z', 'y',
	};
	struct compress_job *job = compress_init(0);
	uint8_t buf[WINDOW];
	struct wl_rng rng;
	long n;
	int fail = 0;
	size_t c;

	if (!job)
		return 1;
	n = lz_decompress(block, sizeof(block), buf, sizeof(buf));
	fail |= wl_expect_true("decode a hand-made LZ4 block",
			       n == 17 && !memcmp(buf, "abcabcabcabcxyzzy", 17));
	fail |= wl_expect_true("reject a match before the start of the output",
			       lz_decompress((const uint8_t *)"\x04\x05\x00", 3, buf, 64) < 0);

	fail |= wl_expect_true("round trip of empty and 1-byte inputs",
			       round_trip(job, buf, 0) == 1 &&
			       round_trip(job, (const uint8_t *)"x", 1) == 2);
	memset(buf, 'a', sizeof(buf));
	c = round_trip(job, buf, sizeof(buf));
	fail |= wl_expect_true("round trip of 64 KiB of 'a', under 1%",
			       c && c < sizeof(buf) / 100);
	wl_rng_seed(&rng, 3);
	wl_rng_fill(&rng, buf, sizeof(buf));
	c = round_trip(job, buf, sizeof(buf));
	fail |= wl_expect_true("round trip of 64 KiB random, within the bound",
			       c && c <= BOUND(sizeof(buf)));
	c = round_trip(job, job->text, WINDOW);
	fail |= wl_expect_true("round trip of 64 KiB text, under 60%",
			       c && c < WINDOW * 6 / 10);
	compress_fini(job);
	return fail;
}

static const struct workload compress_workload = {
	.name = "compress",
	.init = compress_init,
	.run = compress_run,
	.fini = compress_fini,
	.self_test = compress_self_test,
};

int main(int argc, char **argv)
{
	return workload_main(&compress_workload, argc, argv);
}
