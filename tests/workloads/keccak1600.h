// SPDX-License-Identifier: GPL-2.0
/*
 * Keccak-f[1600] and a one-shot sponge, shared by keccak (SHA3-256) and
 * cn_aes (CryptoNight's Keccak state).  Not a workload itself.
 */
#ifndef HG_WORKLOAD_KECCAK1600_H
#define HG_WORKLOAD_KECCAK1600_H

#include <stddef.h>
#include <stdint.h>

#define KECCAK_STATE_SIZE	200	/* bytes, 25 lanes of 64 bits */
#define SHA3_PAD		0x06	/* FIPS 202 SHA3-* domain padding */
#define KECCAK_PAD		0x01	/* original Keccak (CryptoNight, Ethereum) */

/* The 24-round permutation on 25 little-endian lanes. */
void keccakf1600(uint64_t st[25]);

/*
 * Absorb @in with @rate bytes per block and padding byte @pad, permute,
 * and leave the whole 200-byte state in @st (CryptoNight needs all of it;
 * a digest is its first bytes, see keccak_squeeze()).
 */
void keccak_sponge(uint64_t st[25], const void *in, size_t inlen, size_t rate, uint8_t pad);

/* The first @len bytes of the state, little-endian. */
void keccak_squeeze(const uint64_t st[25], uint8_t *out, size_t len);

#endif /* HG_WORKLOAD_KECCAK1600_H */
