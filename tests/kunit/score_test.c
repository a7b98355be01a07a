// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the features, the score and the verdict state machine
 * (kmod/score.c), and the tenant name rules (kmod/tenant.c).
 */

#include <kunit/test.h>

#include "score.h"
#include "tenant.h"

/* A window of @insns decoded instructions from @samples samples. */
static void sc_window(struct hg_window *w, u32 samples, u32 insns)
{
	memset(w, 0, sizeof(*w));
	w->c.samples = samples;
	w->c.insns = insns;
	w->c.n[HG_CLASS_OTHER] = insns;
	w->c.rc_obs = samples;
	w->cpu_ns = NSEC_PER_SEC;
	w->wall_ns = NSEC_PER_SEC;
}

/* Move @n instructions from "other" to class @c. */
static void sc_set(struct hg_window *w, enum hg_class c, u32 n)
{
	w->c.n[HG_CLASS_OTHER] -= n;
	w->c.n[c] += n;
}

static u32 sc_score(const struct hg_window *w)
{
	struct hg_features ft;

	hg_features_compute(w, &ft);
	return hg_score(&ft);
}

static void score_test_features(struct kunit *test)
{
	struct hg_features ft;
	struct hg_window w;

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_AES, 500);
	sc_set(&w, HG_CLASS_CLMUL, 100);
	sc_set(&w, HG_CLASS_ROTATE, 700);
	sc_set(&w, HG_CLASS_HASH_ALU, 2000);
	sc_set(&w, HG_CLASS_HASH_SIMD, 300);
	sc_set(&w, HG_CLASS_MUL, 400);
	sc_set(&w, HG_CLASS_FP, 1000);
	w.c.rc_changes = 250;
	w.c.rc_nondefault = 500;
	w.c.nvcsw = 20;
	w.cpu_ns = NSEC_PER_SEC / 2;
	hg_features_compute(&w, &ft);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_CRYPTO], 60);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_ROTATE], 70);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_HASH_ALU], 200);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_HASH_SIMD], 30);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_MUL], 40);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_FP], 100);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_RC_CHANGES], 250);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_RC_NONDEFAULT], 500);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_CPU], 500);
	/* 20 voluntary switches in half a CPU-second. */
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_VCSW], 40);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_SAMPLES], 1000);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_INSNS], 10000);
}

static void score_test_empty_window(struct kunit *test)
{
	struct hg_features ft;
	struct hg_window w = {};

	hg_features_compute(&w, &ft);
	KUNIT_EXPECT_EQ(test, hg_score(&ft), 0);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_VCSW], 0);
	KUNIT_EXPECT_EQ(test, ft.f[HASHGUARD_FEATURE_CPU], 0);
}

/* Each signature on its own, at full strength, reaches the maximum. */
static void score_test_signatures(struct kunit *test)
{
	struct hg_window w;

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_AES, 1000);			/* CryptoNight-like */
	KUNIT_EXPECT_EQ(test, sc_score(&w), HASHGUARD_SCORE_MAX);

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_ROTATE, 1500);		/* SHA-256, Blake2 */
	sc_set(&w, HG_CLASS_HASH_ALU, 4000);
	KUNIT_EXPECT_EQ(test, sc_score(&w), HASHGUARD_SCORE_MAX);

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_HASH_SIMD, 4500);		/* multi-lane rounds */
	KUNIT_EXPECT_EQ(test, sc_score(&w), HASHGUARD_SCORE_MAX);

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_FP, 4000);			/* RandomX */
	w.c.rc_changes = 700;
	KUNIT_EXPECT_EQ(test, sc_score(&w), HASHGUARD_SCORE_MAX);
}

/* What ordinary code looks like stays below the clear threshold. */
static void score_test_ordinary(struct kunit *test)
{
	struct hg_window w;

	/* Integer code: plenty of add/xor/shift, a stray rotate. */
	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_HASH_ALU, 3000);
	sc_set(&w, HG_CLASS_ROTATE, 50);
	sc_set(&w, HG_CLASS_MUL, 300);
	KUNIT_EXPECT_LT(test, sc_score(&w), 250);

	/* Floating point in one rounding mode, however much of it. */
	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_FP, 6000);
	w.c.rc_nondefault = 1000;
	w.c.rc_changes = 1;
	KUNIT_EXPECT_EQ(test, sc_score(&w), 0);

	/* Rotates without the add/xor around them (a PRNG, a hash table). */
	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_ROTATE, 800);
	sc_set(&w, HG_CLASS_HASH_ALU, 500);
	KUNIT_EXPECT_EQ(test, sc_score(&w), 0);
}

/* Scalar add/xor/shift alone never reaches the flag threshold. */
static void score_test_alu_capped(struct kunit *test)
{
	struct hg_window w;

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_HASH_ALU, 10000);
	KUNIT_EXPECT_EQ(test, sc_score(&w), 400);
}

/* Two half-strength signatures combine (noisy-OR). */
static void score_test_combine(struct kunit *test)
{
	struct hg_window w;
	u32 one, two;

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_AES, 300);		/* crypto 30: half way */
	one = sc_score(&w);
	w.c.rc_changes = 115;			/* rounding: half way */
	two = sc_score(&w);
	KUNIT_EXPECT_EQ(test, one, 500);
	KUNIT_EXPECT_EQ(test, two, 750);
}

/* A process that blocks after every short burst is damped. */
static void score_test_vcsw_damping(struct kunit *test)
{
	struct hg_window w;

	sc_window(&w, 1000, 10000);
	sc_set(&w, HG_CLASS_AES, 1000);
	w.c.nvcsw = 5000;
	KUNIT_EXPECT_EQ(test, sc_score(&w), HASHGUARD_SCORE_MAX / 2);
}

static const struct hg_thresholds sc_th = {
	.flag = 500, .clear = 250, .flag_windows = 3, .clear_windows = 5,
	.min_samples = 20,
};

#define HOT	900
#define WARM	300
#define COLD	100
#define ENOUGH	100

static void verdict_test_flag(struct kunit *test)
{
	struct hg_verdict v = {};

	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_SUSPECT);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_SUSPECT);
	/* A warm window neither counts nor resets. */
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, WARM, ENOUGH, &sc_th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_SUSPECT);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_FLAGGED);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_FLAGGED);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_NONE);
}

static void verdict_test_suspect_calms(struct kunit *test)
{
	struct hg_verdict v = {};

	hg_verdict_step(&v, HOT, ENOUGH, &sc_th);
	hg_verdict_step(&v, HOT, ENOUGH, &sc_th);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th), HG_TR_CALM);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_NORMAL);
	/* The count starts again. */
	hg_verdict_step(&v, HOT, ENOUGH, &sc_th);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_FLAGGED);
}

static void verdict_test_clear(struct kunit *test)
{
	struct hg_verdict v = {};
	int i;

	for (i = 0; i < 3; i++)
		hg_verdict_step(&v, HOT, ENOUGH, &sc_th);
	KUNIT_ASSERT_EQ(test, v.state, HASHGUARD_STATE_FLAGGED);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th),
				HG_TR_NONE);
	/* A warm window resets the cool-down. */
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, WARM, ENOUGH, &sc_th), HG_TR_NONE);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th),
				HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th), HG_TR_CLEARED);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_CLEARED);

	/* Cleared can be flagged again, and calms back to cleared. */
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &sc_th), HG_TR_SUSPECT);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &sc_th), HG_TR_CALM);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_CLEARED);
}

/* Too few samples: the window counts as cold whatever its score. */
static void verdict_test_min_samples(struct kunit *test)
{
	struct hg_verdict v = {};
	int i;

	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, 19, &sc_th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_NORMAL);

	for (i = 0; i < 3; i++)
		hg_verdict_step(&v, HOT, 20, &sc_th);
	KUNIT_ASSERT_EQ(test, v.state, HASHGUARD_STATE_FLAGGED);
	for (i = 0; i < 5; i++)
		hg_verdict_step(&v, HOT, 0, &sc_th);
	KUNIT_EXPECT_EQ(test, v.state, HASHGUARD_STATE_CLEARED);
}

static void verdict_test_one_window(struct kunit *test)
{
	struct hg_thresholds th = sc_th;
	struct hg_verdict v = {};

	th.flag_windows = 1;
	th.clear_windows = 1;
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, HOT, ENOUGH, &th), HG_TR_FLAGGED);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, COLD, ENOUGH, &th), HG_TR_CLEARED);
}

/* The thresholds themselves: at the flag threshold is hot, below clear is cold. */
static void verdict_test_edges(struct kunit *test)
{
	struct hg_thresholds th = sc_th;
	struct hg_verdict v = {};

	th.flag_windows = 1;
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, 499, ENOUGH, &th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, 500, ENOUGH, &th), HG_TR_FLAGGED);
	th.clear_windows = 1;
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, 250, ENOUGH, &th), HG_TR_NONE);
	KUNIT_EXPECT_EQ(test, hg_verdict_step(&v, 249, ENOUGH, &th), HG_TR_CLEARED);
}

static void state_test_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, hg_state_name(HASHGUARD_STATE_NORMAL), "normal");
	KUNIT_EXPECT_STREQ(test, hg_state_name(HASHGUARD_STATE_SUSPECT), "suspect");
	KUNIT_EXPECT_STREQ(test, hg_state_name(HASHGUARD_STATE_FLAGGED), "flagged");
	KUNIT_EXPECT_STREQ(test, hg_state_name(HASHGUARD_STATE_CLEARED), "cleared");
	KUNIT_EXPECT_STREQ(test, hg_state_name(HASHGUARD_STATE_MAX + 1), "unknown");
}

static void tenant_test_names(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("acme"), 0);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("a.b-c_9"), 0);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("0123456789012345678901234567890"), 0);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("01234567890123456789012345678901"), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid(""), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid(".hidden"), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("-x"), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("a b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("a/b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, hg_tenant_name_valid("caf\xc3\xa9"), -EINVAL);
}

static struct kunit_case score_test_cases[] = {
	KUNIT_CASE(score_test_features),
	KUNIT_CASE(score_test_empty_window),
	KUNIT_CASE(score_test_signatures),
	KUNIT_CASE(score_test_ordinary),
	KUNIT_CASE(score_test_alu_capped),
	KUNIT_CASE(score_test_combine),
	KUNIT_CASE(score_test_vcsw_damping),
	KUNIT_CASE(verdict_test_flag),
	KUNIT_CASE(verdict_test_suspect_calms),
	KUNIT_CASE(verdict_test_clear),
	KUNIT_CASE(verdict_test_min_samples),
	KUNIT_CASE(verdict_test_one_window),
	KUNIT_CASE(verdict_test_edges),
	KUNIT_CASE(state_test_names),
	KUNIT_CASE(tenant_test_names),
	{}
};

static struct kunit_suite score_test_suite = {
	.name = "hashguard_score",
	.test_cases = score_test_cases,
};

kunit_test_suite(score_test_suite);
