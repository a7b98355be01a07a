// SPDX-License-Identifier: GPL-2.0
/*
 * From a window of samples to a verdict.
 *
 * The features are instruction-mix densities of the code a process spends
 * its time in (every sample decodes the window of code at the interrupted
 * instruction, so hot loops dominate), plus what the scheduler sees.  The
 * score combines independent signatures, each of which on its own means
 * "this is a hash or cipher round", with a noisy-OR: a process showing
 * two half-strength signatures scores like one showing a strong one.
 *
 *  - crypto: AES/SHA/CLMUL/GFNI instructions.  CryptoNight and its
 *    variants, the AES generators of RandomX, the AES-based X11 stages and
 *    SHA-NI SHA-256d.  Ordinary programs run them only while encrypting
 *    or hashing data in bulk.
 *  - ARX: rotates together with add/xor/shift.  Software SHA-2, Blake2
 *    (Argon2, Lyra2, X11), Salsa20/ChaCha (scrypt, yescrypt), Keccak and
 *    RandomX's SuperscalarHash.  Rotates alone are rare in ordinary code;
 *    add/xor/shift alone are everywhere, so the signature needs both.
 *  - SIMD ARX: vector add/xor/shift/shuffle, the multi-lane form of the
 *    same rounds, where rotates are shift-shift-or or byte shuffles.
 *  - rounding: the SSE rounding mode found different from the previous
 *    observation of the same thread.  RandomX programs change it about
 *    every 256 instructions (CFROUND), so it looks random to a 1 kHz
 *    sampler; ordinary programs change it almost never.
 *  - scalar ALU density alone, capped below the flag threshold: it can
 *    tip a mixture over but never flags by itself (CRC loops and
 *    compressors are shift/xor heavy too).
 *
 * Memory-hard functions (scrypt, Argon2, yescrypt) stall on memory, but a
 * stalled sample still decodes the round code around it, so they keep
 * their ARX signature.  A process that blocks after almost every burst
 * of CPU is damped: mining threads do not wait for I/O.
 */

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "names/names.h"
#include "score.h"

/* Crypto instructions, per mille: no signal below lo, full at hi. */
#define HG_CRYPTO_LO	10
#define HG_CRYPTO_HI	50
/* Rotates, per mille. */
#define HG_ROTATE_LO	15
#define HG_ROTATE_HI	60
/* Rotate + scalar ALU + SIMD ALU, per mille: what the rotates sit in. */
#define HG_ARX_LO	150
#define HG_ARX_HI	300
/* SIMD hash-round instructions, per mille. */
#define HG_SIMD_LO	200
#define HG_SIMD_HI	400
/* Rounding-mode changes per mille of observations. */
#define HG_RC_LO	30
#define HG_RC_HI	200
/* Scalar add/xor/shift per mille, and its cap. */
#define HG_ALU_LO	500
#define HG_ALU_HI	800
#define HG_ALU_CAP	400
/* Voluntary switches per CPU-second above which the score is halved. */
#define HG_VCSW_DAMP	1000

/* @part per mille of @whole, 0 for an empty whole. */
static u32 hg_permille(u64 part, u64 whole)
{
	return whole ? (u32)min_t(u64, div64_u64(part * 1000, whole), U32_MAX) : 0;
}

static u32 hg_ramp(u32 x, u32 lo, u32 hi)
{
	if (x <= lo)
		return 0;
	if (x >= hi)
		return HASHGUARD_SCORE_MAX;
	return (x - lo) * HASHGUARD_SCORE_MAX / (hi - lo);
}

/**
 * hg_features_compute() - turn a window's counts into features
 * @w: the window
 * @ft: filled with the features
 */
void hg_features_compute(const struct hg_window *w, struct hg_features *ft)
{
	const struct hg_tcounts *c = &w->c;
	u32 *f = ft->f;

	memset(ft, 0, sizeof(*ft));
	f[HASHGUARD_FEATURE_CRYPTO] =
		hg_permille(c->n[HG_CLASS_AES] + c->n[HG_CLASS_SHA] +
			    c->n[HG_CLASS_CLMUL] + c->n[HG_CLASS_GFNI], c->insns);
	f[HASHGUARD_FEATURE_ROTATE] = hg_permille(c->n[HG_CLASS_ROTATE], c->insns);
	f[HASHGUARD_FEATURE_HASH_ALU] = hg_permille(c->n[HG_CLASS_HASH_ALU], c->insns);
	f[HASHGUARD_FEATURE_HASH_SIMD] = hg_permille(c->n[HG_CLASS_HASH_SIMD], c->insns);
	f[HASHGUARD_FEATURE_MUL] = hg_permille(c->n[HG_CLASS_MUL], c->insns);
	f[HASHGUARD_FEATURE_FP] = hg_permille(c->n[HG_CLASS_FP], c->insns);
	f[HASHGUARD_FEATURE_RC_CHANGES] = hg_permille(c->rc_changes, c->rc_obs);
	f[HASHGUARD_FEATURE_RC_NONDEFAULT] = hg_permille(c->rc_nondefault, c->rc_obs);
	f[HASHGUARD_FEATURE_CPU] = hg_permille(w->cpu_ns, w->wall_ns);
	/* Switches per CPU-second; a window with no CPU time has none. */
	f[HASHGUARD_FEATURE_VCSW] = w->cpu_ns ?
		(u32)min_t(u64, div64_u64((u64)c->nvcsw * NSEC_PER_SEC, w->cpu_ns),
			   U32_MAX) : 0;
	f[HASHGUARD_FEATURE_SAMPLES] = c->samples;
	f[HASHGUARD_FEATURE_INSNS] = c->insns;
}

/* Noisy-OR of two scores on the 0..1000 scale. */
static u32 hg_or(u32 a, u32 b)
{
	return HASHGUARD_SCORE_MAX -
	       (HASHGUARD_SCORE_MAX - a) * (HASHGUARD_SCORE_MAX - b) /
	       HASHGUARD_SCORE_MAX;
}

/**
 * hg_score() - score a window's features
 * @ft: the features
 *
 * Return: 0 (nothing hash-like) to %HASHGUARD_SCORE_MAX.
 */
u32 hg_score(const struct hg_features *ft)
{
	const u32 *f = ft->f;
	u32 arx_mix, s;

	arx_mix = f[HASHGUARD_FEATURE_ROTATE] + f[HASHGUARD_FEATURE_HASH_ALU] +
		  f[HASHGUARD_FEATURE_HASH_SIMD];

	s = hg_ramp(f[HASHGUARD_FEATURE_CRYPTO], HG_CRYPTO_LO, HG_CRYPTO_HI);
	s = hg_or(s, hg_ramp(f[HASHGUARD_FEATURE_ROTATE], HG_ROTATE_LO,
			     HG_ROTATE_HI) *
		     hg_ramp(arx_mix, HG_ARX_LO, HG_ARX_HI) /
		     HASHGUARD_SCORE_MAX);
	s = hg_or(s, hg_ramp(f[HASHGUARD_FEATURE_HASH_SIMD], HG_SIMD_LO,
			     HG_SIMD_HI));
	s = hg_or(s, hg_ramp(f[HASHGUARD_FEATURE_RC_CHANGES], HG_RC_LO,
			     HG_RC_HI));
	s = hg_or(s, hg_ramp(f[HASHGUARD_FEATURE_HASH_ALU], HG_ALU_LO,
			     HG_ALU_HI) * HG_ALU_CAP / HASHGUARD_SCORE_MAX);

	if (f[HASHGUARD_FEATURE_VCSW] > HG_VCSW_DAMP)
		s /= 2;
	return s;
}

/**
 * hg_verdict_step() - advance a process's state machine by one window
 * @v: the verdict
 * @score: the window's score
 * @samples: the window's samples; below @t->min_samples the window counts
 *	as cold, whatever its score
 * @t: thresholds
 *
 * normal/cleared -> suspect on a window at or above the flag threshold
 * ("hot"); suspect -> flagged after @t->flag_windows hot windows, windows
 * between the two thresholds ("warm") neither counting nor resetting;
 * suspect -> back on a window below the clear threshold ("cold");
 * flagged -> cleared after @t->clear_windows cold windows in a row.
 *
 * Return: the transition, %HG_TR_NONE if the state did not change.
 */
enum hg_transition hg_verdict_step(struct hg_verdict *v, u32 score,
				   u32 samples, const struct hg_thresholds *t)
{
	bool enough = samples >= t->min_samples;
	bool hot = enough && score >= t->flag;
	bool warm = enough && score >= t->clear;

	switch (v->state) {
	case HASHGUARD_STATE_NORMAL:
	case HASHGUARD_STATE_CLEARED:
		if (!hot)
			return HG_TR_NONE;
		v->calm = v->state;
		v->hot = 1;
		if (v->hot >= t->flag_windows)
			goto flag;
		v->state = HASHGUARD_STATE_SUSPECT;
		return HG_TR_SUSPECT;
	case HASHGUARD_STATE_SUSPECT:
		if (hot) {
			if (++v->hot >= t->flag_windows)
				goto flag;
			return HG_TR_NONE;
		}
		if (warm)
			return HG_TR_NONE;
		v->state = v->calm;
		v->hot = 0;
		return HG_TR_CALM;
	case HASHGUARD_STATE_FLAGGED:
		if (warm) {
			v->cool = 0;
			return HG_TR_NONE;
		}
		if (++v->cool < t->clear_windows)
			return HG_TR_NONE;
		v->state = HASHGUARD_STATE_CLEARED;
		v->hot = 0;
		v->cool = 0;
		return HG_TR_CLEARED;
	}
	/* Not reached: the state is only ever set above. */
	return HG_TR_NONE;

flag:
	v->state = HASHGUARD_STATE_FLAGGED;
	v->cool = 0;
	return HG_TR_FLAGGED;
}

/**
 * hg_state_name() - stable name of an &enum hashguard_state
 * @state: the state
 *
 * Return: "normal", "suspect", "flagged", "cleared" or "unknown".
 */
const char *hg_state_name(unsigned int state)
{
	if (state >= ARRAY_SIZE(hg_names_state))
		return "unknown";
	return hg_names_state[state];
}
