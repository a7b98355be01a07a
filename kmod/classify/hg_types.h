/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hashguard: fixed-width integer types shared by kernel and userspace builds
 * of the instruction classifier.  This is the only file in classify/ that
 * knows which environment it is compiled for.
 */
#ifndef HG_TYPES_H
#define HG_TYPES_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;

#ifndef BIT
#define BIT(n) (1UL << (n))
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
#endif

#endif /* HG_TYPES_H */
